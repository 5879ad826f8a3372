import { Button as CoreButton } from '@procore/core-react';
import type { ComponentProps } from 'react';
import styled, { css } from 'styled-components';
import { theme } from '../theme.ts';

/** core-react's Button with the primary colours made WCAG AA compliant (see theme.ts). */
const StyledButton = styled(CoreButton)`
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

/**
 * While `loading`, core-react hides the label (`visibility: hidden`) behind its spinner, which
 * leaves the button with no accessible name (axe `button-name`); the label stays its aria-label.
 */
export function Button(props: ComponentProps<typeof StyledButton>) {
  const label = props.loading && typeof props.children === 'string' ? props.children : undefined;
  return <StyledButton aria-label={label} {...props} />;
}
