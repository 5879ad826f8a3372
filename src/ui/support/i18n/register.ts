import { registerSupportCatalogs } from '../../i18n/t.ts';
import { supportEn } from './en.ts';
import { supportEs } from './es.ts';
import { supportFr } from './fr.ts';

/**
 * Imported for its effect by every module of the support view: its strings (`support.*`) come
 * with the view's own chunk, so the admin's first screen never downloads them.
 */
registerSupportCatalogs({ en: supportEn, es: supportEs, fr: supportFr });
