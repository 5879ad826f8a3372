import { P } from '@procore/core-react';
import styled from 'styled-components';
import type { SupportJobs } from '../../api/contract.ts';
import { formatDuration, formatNumber, t } from '../i18n/t.ts';
import { theme } from '../theme.ts';
import './i18n/register.ts';

const Footer = styled.footer`
  border-top: 1px solid ${theme.disabledBackground};
  color: ${theme.mutedText};
  font-size: 12px;
  margin-top: 24px;
  padding-top: 8px;
`;

/** The job queue every instance shares, in one line: what waits, for how long, what failed. */
export function JobsFooter({ jobs }: { jobs: SupportJobs }) {
  return (
    <Footer aria-label={t('support.jobs.title')}>
      <P>
        {t('support.jobs.title')}:{' '}
        {t('support.jobs.summary', {
          queued: formatNumber(jobs.queued),
          oldest:
            jobs.oldestSeconds === null
              ? t('support.jobs.none')
              : formatDuration(jobs.oldestSeconds),
          failed: formatNumber(jobs.failed),
          dead: formatNumber(jobs.deadLetters),
        })}
      </P>
    </Footer>
  );
}
