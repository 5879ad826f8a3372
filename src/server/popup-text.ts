/**
 * The words of the sign-in popup's pages, which the server renders (the SPA's catalogs live in
 * src/ui/i18n). The popup is a top-level window, so the browser's language is what we know.
 */
export type PopupLocale = 'en' | 'es' | 'fr';

const TEXT = {
  en: {
    title: 'SALUS Setup — sign-in',
    signedIn: 'Signed in',
    notCompleted: 'Sign-in did not complete',
    closeWindow: 'You can close this window and return to Procore.',
    finishing: 'Finishing sign-in…',
    linkExpired:
      'This sign-in link has expired or was already used. Close this window and select “Sign in with Procore” again.',
    notOurs:
      'This sign-in response is not one we asked for, or it expired. Close this window and try again.',
    denied: 'You chose not to allow SALUS Setup to access Procore.',
    procoreRefused: 'Procore did not sign you in ({reason}).',
    failed: 'Procore did not complete the sign-in. Close this window and try again.',
    signedInAs: 'Signed in to Procore as {name}.',
    codeTitle: 'Your sign-in code',
    codeIntro:
      'This window could not reach SALUS Setup. Type this code into the SALUS Setup page in Procore where you selected “Sign in with Procore”.',
    codeWarning:
      'Type it only into the page you opened yourself. Never give it to anyone: whoever types it is signed in as you.',
  },
  es: {
    title: 'SALUS Setup — inicio de sesión',
    signedIn: 'Sesión iniciada',
    notCompleted: 'No se completó el inicio de sesión',
    closeWindow: 'Puede cerrar esta ventana y volver a Procore.',
    finishing: 'Finalizando el inicio de sesión…',
    linkExpired:
      'Este enlace de inicio de sesión caducó o ya se usó. Cierre esta ventana y seleccione de nuevo «Iniciar sesión con Procore».',
    notOurs:
      'Esta respuesta de inicio de sesión no es una que hayamos pedido, o caducó. Cierre esta ventana e inténtelo de nuevo.',
    denied: 'Decidió no permitir que SALUS Setup acceda a Procore.',
    procoreRefused: 'Procore no inició su sesión ({reason}).',
    failed: 'Procore no completó el inicio de sesión. Cierre esta ventana e inténtelo de nuevo.',
    signedInAs: 'Sesión iniciada en Procore como {name}.',
    codeTitle: 'Su código de inicio de sesión',
    codeIntro:
      'Esta ventana no pudo comunicarse con SALUS Setup. Escriba este código en la página de SALUS Setup en Procore donde seleccionó «Iniciar sesión con Procore».',
    codeWarning:
      'Escríbalo solo en la página que usted mismo abrió. No se lo dé nunca a nadie: quien lo escriba inicia sesión como usted.',
  },
  fr: {
    title: 'SALUS Setup — connexion',
    signedIn: 'Connecté',
    notCompleted: 'La connexion n’a pas abouti',
    closeWindow: 'Vous pouvez fermer cette fenêtre et revenir à Procore.',
    finishing: 'Connexion en cours…',
    linkExpired:
      'Ce lien de connexion a expiré ou a déjà été utilisé. Fermez cette fenêtre et sélectionnez à nouveau « Se connecter avec Procore ».',
    notOurs:
      'Cette réponse de connexion ne correspond à aucune demande, ou elle a expiré. Fermez cette fenêtre et réessayez.',
    denied: 'Vous avez choisi de ne pas autoriser SALUS Setup à accéder à Procore.',
    procoreRefused: 'Procore ne vous a pas connecté ({reason}).',
    failed: 'Procore n’a pas terminé la connexion. Fermez cette fenêtre et réessayez.',
    signedInAs: 'Connecté à Procore en tant que {name}.',
    codeTitle: 'Votre code de connexion',
    codeIntro:
      'Cette fenêtre n’a pas pu joindre SALUS Setup. Saisissez ce code dans la page SALUS Setup de Procore où vous avez sélectionné « Se connecter avec Procore ».',
    codeWarning:
      'Saisissez-le uniquement dans la page que vous avez ouverte vous-même. Ne le donnez jamais à personne : quiconque le saisit est connecté en votre nom.',
  },
} satisfies Record<PopupLocale, Record<string, string>>;

export type PopupKey = keyof (typeof TEXT)['en'];

/** The first of en/es/fr in `Accept-Language` (by primary subtag), English otherwise. */
export function popupLocale(acceptLanguage: string | undefined): PopupLocale {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const primary = part.trim().split(';')[0]!.split('-')[0]!.toLowerCase();
    if (primary === 'en' || primary === 'es' || primary === 'fr') return primary;
  }
  return 'en';
}

export function popupText(locale: PopupLocale) {
  return (key: PopupKey, params: Record<string, string> = {}) =>
    TEXT[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}
