import { colors } from '@procore/core-react';
import styled from 'styled-components';

/**
 * A plain semantic table in core-react's table look. core-react's own Table pulls in its
 * inline-edit cells (date, number, select) and their Intl polyfills: about 1.3 MB of the bundle
 * for a read-only table.
 */
export const DataTable = styled.table`
  background: ${colors.white};
  border-collapse: collapse;
  width: 100%;

  th,
  td {
    border-bottom: 1px solid ${colors.gray85};
    padding: 8px 12px;
    text-align: left;
    vertical-align: top;
  }

  th {
    background: ${colors.gray96};
    font-weight: 600;
  }

  caption {
    text-align: left;
  }
`;
