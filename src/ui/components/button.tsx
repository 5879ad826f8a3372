import { Button as CoreButton } from '@procore/core-react';
import styled, { css } from 'styled-components';
import { theme } from '../theme.ts';

/** core-react's Button with the primary colours made WCAG AA compliant (see theme.ts). */
export const Button = styled(CoreButton)`
  ${({ variant = 'primary' }) =>
    variant === 'primary' &&
    css`
      && {
        background: ${theme.primary};
      }
      &&:hover,
      &&:focus,
      &&:active {
        background: ${theme.primaryHover};
      }
    `}
  &&:disabled,
  &&[aria-disabled='true'] {
    background: ${theme.disabledBackground};
    color: ${theme.disabledText};
  }
`;
