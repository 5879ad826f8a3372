import { Spinner } from '@procore/core-react';
import styled from 'styled-components';

const Row = styled.div`
  align-items: center;
  display: flex;
  gap: 8px;
  margin: 12px 0;
`;

/** "Working on it" with a spinner, as a polite status. */
export function Busy({ children }: { children: string }) {
  return (
    <Row role="status">
      <Spinner size="sm" />
      <span>{children}</span>
    </Row>
  );
}
