/**
 * The words of the sign-in popup's pages, which the server renders (the SPA's catalogs live in
 * src/ui/i18n). The popup is a top-level window, so the browser's language is what we know.
 */
export type PopupLocale = 'en' | 'es' | 'fr';

const TEXT = {
  en: {
    title: 'SALUS Setup — sign-in',
    signedIn: 'Signed in',
    repairAllowed: 'Automatic repair allowed',
    repairNotAllowed: 'Automatic repair was not turned on',
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
    repairOn:
      'SALUS Setup will keep SALUS set up automatically, on your behalf ({name}). To stop it, clear “Keep SALUS set up automatically” in SALUS Setup.',
    repairRefused:
      'Automatic repair was not turned on: it needs the Directory admin who selected it to allow it, with Admin on the company Directory.',
    codeTitle: 'Your sign-in code',
    codeIntro:
      'This window could not reach SALUS Setup. Type this code into the SALUS Setup page in Procore where you selected “Sign in with Procore”.',
    codeWarning:
      'Type it only into SALUS Setup inside Procore (Company Tools → Apps, at {where}), and only if you selected “Sign in with Procore” there yourself just now. If not, close this window: someone else is trying to sign in as you. Never give the code to anyone.',
    cut: 'This window could not reach SALUS Setup. Close it, then select “Sign in with Procore” again in SALUS Setup inside Procore.',
  },
  es: {
    title: 'SALUS Setup — inicio de sesión',
    signedIn: 'Sesión iniciada',
    repairAllowed: 'Reparación automática permitida',
    repairNotAllowed: 'La reparación automática no se activó',
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
    repairOn:
      'SALUS Setup mantendrá SALUS configurado automáticamente, en su nombre ({name}). Para detenerlo, desmarque «Mantener SALUS configurado automáticamente» en SALUS Setup.',
    repairRefused:
      'La reparación automática no se activó: debe permitirla el administrador del Directorio que la seleccionó, con permiso de administrador en el Directorio de la empresa.',
    codeTitle: 'Su código de inicio de sesión',
    codeIntro:
      'Esta ventana no pudo comunicarse con SALUS Setup. Escriba este código en la página de SALUS Setup en Procore donde seleccionó «Iniciar sesión con Procore».',
    codeWarning:
      'Escríbalo solo en SALUS Setup dentro de Procore (Herramientas de la empresa → Aplicaciones, en {where}) y solo si acaba de seleccionar usted mismo «Iniciar sesión con Procore» allí. Si no, cierre esta ventana: otra persona intenta iniciar sesión como usted. No le dé nunca el código a nadie.',
    cut: 'Esta ventana no pudo comunicarse con SALUS Setup. Ciérrela y vuelva a seleccionar «Iniciar sesión con Procore» en SALUS Setup dentro de Procore.',
  },
  fr: {
    title: 'SALUS Setup — connexion',
    signedIn: 'Connecté',
    repairAllowed: 'Réparation automatique autorisée',
    repairNotAllowed: 'La réparation automatique n’a pas été activée',
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
    signedInAs: 'Connecté à Procore : {name}.',
    repairOn:
      'SALUS Setup maintiendra SALUS configuré automatiquement, en votre nom ({name}). Pour l’arrêter, décochez « Maintenir SALUS configuré automatiquement » dans SALUS Setup.',
    repairRefused:
      'La réparation automatique n’a pas été activée : elle doit être autorisée par l’administrateur du Répertoire qui l’a sélectionnée, avec le droit Admin sur le Répertoire de l’entreprise.',
    codeTitle: 'Votre code de connexion',
    codeIntro:
      'Cette fenêtre n’a pas pu joindre SALUS Setup. Saisissez ce code dans la page SALUS Setup de Procore où vous avez sélectionné « Se connecter avec Procore ».',
    codeWarning:
      'Saisissez-le uniquement dans SALUS Setup, dans Procore (Outils de l’entreprise → Applications, sur {where}), et seulement si vous venez vous-même d’y sélectionner « Se connecter avec Procore ». Sinon, fermez cette fenêtre : quelqu’un d’autre tente de se connecter en votre nom. Ne donnez jamais ce code à personne.',
    cut: 'Cette fenêtre n’a pas pu joindre SALUS Setup. Fermez-la, puis sélectionnez de nouveau « Se connecter avec Procore » dans SALUS Setup, dans Procore.',
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
