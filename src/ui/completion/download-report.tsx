import { Link } from '@procore/core-react';
import { useState, type MouseEvent } from 'react';
import type { Id } from '../../api/contract.ts';
import { reportUrl } from '../api/company.ts';
import { requestBlob } from '../api/http.ts';
import { errorMessage } from '../i18n/server-text.ts';
import { ErrorNotice } from '../components/notice.tsx';
import { t } from '../i18n/t.ts';

/**
 * The per-project report of a run. The session is a bearer header, which a plain link cannot
 * send, so the CSV is fetched and handed to the browser as a Blob URL.
 */
export function DownloadReport({ runId }: { runId: Id }) {
  const [error, setError] = useState<string | null>(null);
  const download = async (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    setError(null);
    try {
      const url = URL.createObjectURL(await requestBlob(reportUrl(runId)));
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = `salus-setup-report-${runId}.csv`;
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (cause) {
      setError(errorMessage(cause));
    }
  };
  return (
    <>
      <Link href={reportUrl(runId)} onClick={(event) => void download(event)}>
        {t('badge.report')}
      </Link>
      {error && <ErrorNotice>{t('badge.reportFailed', { message: error })}</ErrorNotice>}
    </>
  );
}
