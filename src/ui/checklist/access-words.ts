import { accessLevelText, toolText } from '../i18n/server-text.ts';
import { formatList, t } from '../i18n/t.ts';

/** Procore tools as a list in words ("Admin and Directory"). */
export const toolList = (tools: readonly string[]) => formatList(tools.map(toolText));

/** A template's `{directory: 'read_only', …}` as "Directory: Read Only", one entry per tool. */
export const toolLevels = (levels: Record<string, string>) =>
  Object.entries(levels).map(([tool, level]) =>
    t('fix.toolLevel', { tool: toolText(tool), level: accessLevelText(level) }),
  );
