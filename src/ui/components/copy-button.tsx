import { useState } from 'react';
import { Button } from './button.tsx';

/** Copies `text` and says so next to the button (a status the screen reader announces). */
export function CopyButton(props: {
  text: string;
  label: string;
  copied: string;
  /** Said when the browser refuses (e.g. a frame not allowed `clipboard-write`). */
  failed: string;
}) {
  const [result, setResult] = useState<'copied' | 'failed' | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(props.text).then(
      () => setResult('copied'),
      () => setResult('failed'),
    );
  return (
    <span>
      <Button variant="secondary" onClick={() => void copy()}>
        {props.label}
      </Button>{' '}
      <span role="status">
        {result === 'copied' ? props.copied : result === 'failed' ? props.failed : null}
      </span>
    </span>
  );
}
