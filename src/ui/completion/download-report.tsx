import { Button } from '@procore/core-react';
import { useState } from 'react';
import type { Id, RunReport } from '../../api/contract.ts';
import { getRunReport } from '../api/company.ts';
import { errorMessage } from '../i18n/server-text.ts';
import { ErrorNotice } from '../components/notice.tsx';
import { t } from '../i18n/t.ts';
import { reportCsv, reportFileName } from './report-csv.ts';

/**
 * The per-project report of a run, as CSV in the page's language. The session is a bearer
 * header, which a plain link cannot send: the report is fetched as data, written as CSV here
 * and handed to the browser as a Blob URL.
 */
export function DownloadReport(
  props:
    | { runId: Id }
    | { load: () => Promise<RunReport>; label: string; failed: (message: string) => string },
) {
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setError(null);
    try {
      const report = await ('runId' in props ? getRunReport(props.runId) : props.load());
      // The byte-order mark tells spreadsheets the text is UTF-8 (accents, “quotes”).
      const csv = new Blob([`\uFEFF${reportCsv(report)}`], { type: 'text/csv;charset=utf-8' });
      const url = URL.createObjectURL(csv);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = reportFileName(report);
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (cause) {
      setError(errorMessage(cause));
    }
  };
  return (
    <>
      <Button variant="tertiary" onClick={() => void download()}>
        {'runId' in props ? t('badge.report') : props.label}
      </Button>
      {error && (
        <ErrorNotice>
          {'runId' in props ? t('badge.reportFailed', { message: error }) : props.failed(error)}
        </ErrorNotice>
      )}
    </>
  );
}
