import { colors } from '@procore/core-react';
import { createGlobalStyle } from 'styled-components';

/**
 * Our colour decisions on top of core-react 11, which has no theme object to override: each
 * value here replaces a core default that fails WCAG 2.1 AA (4.5:1 for normal text).
 */
export const theme = {
  // core-react's primary button is orange50, hsl(19 100% 50%), with white text: 3.27:1.
  // hsl(19 100% 41%) is the lightest shade of the same orange that passes (4.67:1 on white);
  // hover/active go darker still (36%: 5.8:1).
  primary: 'hsl(19, 100%, 41%)',
  primaryHover: 'hsl(19, 100%, 36%)',
  // Disabled buttons are exempt from contrast rules, but the disabled sign-in button is read
  // while it waits, so it stays legible (gray30 on gray90: 6.7:1).
  disabledBackground: colors.gray90,
  disabledText: colors.gray30,
  // Secondary text: core's gray45 is 4.49:1 on gray98; gray40 is the nearest that passes.
  mutedText: colors.gray40,
  surface: colors.gray98,
  text: colors.gray15,
} as const;

export const GlobalStyle = createGlobalStyle`
  body {
    /*
     * core-react's Modal locks scrolling by making the body position: fixed (with a right padding
     * for the scroll bar it hides). A fixed body without a width shrinks to its content: the page
     * jumped left and narrowed by the margins. As wide as the viewport, it does not move.
     */
    box-sizing: border-box;
    margin: 0;
    width: 100%;
    background: ${theme.surface};
    color: ${theme.text};
    font-family: Inter, -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;
  }
`;
