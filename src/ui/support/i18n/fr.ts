import type { SupportCatalog } from './en.ts';

/** The support view's strings in French (see `./en.ts`). */
export const supportFr: SupportCatalog = {
  title: 'Support SALUS : configurations des clients',
  tokenLabel: 'Jeton du support',
  tokenHelp: 'Conservé uniquement dans la mémoire de cette page ; rechargez-la pour l’oublier.',
  submit: 'Afficher les entreprises',
  rejected: 'Ce jeton n’a pas été accepté.',
  loadFailed: 'La liste n’a pas pu être chargée : {message}',
  filterLabel: 'État',
  allStates: 'Tous les états',
  state: {
    complete: 'Terminé',
    'needs-attention': 'À traiter',
    drifted: 'Modifié depuis la fin',
    running: 'Correction en cours',
    unknown: 'Inconnu',
  },
  driftSince: 'Modifié depuis le {date} :',
  searchLabel: 'Rechercher par nom ou ID d’entreprise',
  showing: 'Entreprises affichées : {shown} sur {total}.',
  columns: {
    company: 'Entreprise',
    state: 'État',
    checkedAt: 'Dernière vérification',
    completedAt: 'Terminée le',
    problems: 'Problèmes ouverts',
  },
  never: '—',
  noProblems: 'Aucun',
  empty: 'Aucune entreprise ne correspond.',
  tokenMissing: 'Saisissez le jeton du support.',
  unchecked: 'Non vérifié : {steps}.',
  jobs: {
    title: 'Tâches de fond',
    summary:
      '{queued} en attente (la plus ancienne : {oldest}), {failed} en échec, {dead} avis abandonnés',
    none: 'aucune',
  },
  signIn: {
    intro: 'Connectez-vous avec votre compte SALUS pour voir la configuration de chaque client.',
    button: 'Se connecter avec SALUS',
    demo: 'Démonstration : sur la page de connexion SALUS simulée, choisissez « Sign in as support@salus.example ».',
    unavailable:
      'La vue du support n’est pas configurée sur ce serveur : demandez à la personne qui l’administre de configurer la connexion SALUS.',
    ended: 'Votre session du support a pris fin. Reconnectez-vous.',
  },
  refused: {
    'not-allowed':
      'Ce compte ne figure pas sur la liste du support SALUS : il ne peut pas ouvrir la vue du support. Connectez-vous avec votre compte du support SALUS, ou demandez à un administrateur de vous ajouter.',
    'email-unverified':
      'L’adresse e-mail de ce compte n’est pas encore vérifiée : il ne peut pas ouvrir la vue du support.',
    'not-in-group':
      'Ce compte ne fait pas partie du groupe du support SALUS : il ne peut pas ouvrir la vue du support.',
    expired:
      'Cette connexion a expiré ou a été commencée dans un autre navigateur. Reconnectez-vous.',
    cancelled: 'La connexion a été annulée.',
    failed:
      'La connexion SALUS n’a pas abouti. Réessayez ; si cela se reproduit, prévenez la personne qui administre ce serveur.',
  },
  breakGlass: {
    summary: 'Utiliser le jeton du support d’urgence',
    intro: 'Seulement si la connexion SALUS ne fonctionne pas. Chaque utilisation est enregistrée.',
  },
  signedInAs: 'Connecté en tant que {email}',
  usingBreakGlass: 'Jeton du support d’urgence utilisé. Chaque utilisation est enregistrée.',
  signOut: 'Se déconnecter',
  forgetToken: 'Oublier le jeton',
  detail: {
    back: 'Retour à toutes les entreprises',
    loadFailed: 'Impossible de charger cette entreprise : {message}',
    latestFix: 'Dernière correction commencée le {date}.',
    latestUndo: 'Dernière annulation commencée le {date}.',
    latestRepair: 'Dernière réparation automatique commencée le {date}.',
    noRun: 'Aucune correction n’a encore été faite pour cette entreprise.',
    report: 'Télécharger le rapport de la dernière correction',
    reportFailed: 'Impossible de télécharger le rapport : {message}',
    accessTitle: 'Accès récents du support',
    accessIntro:
      'Qui, au support SALUS, a consulté cette entreprise, du plus récent au plus ancien.',
    accessNone: 'Personne au support SALUS n’a encore consulté cette entreprise.',
    when: 'Quand',
    who: 'Qui',
    what: 'Ce qui a été consulté',
    breakGlass: 'Jeton du support d’urgence',
    view: {
      list: 'Liste des entreprises',
      detail: 'Détails de l’entreprise',
      report: 'Rapport de correction',
      notices: 'Avis',
    },
  },
  watch: {
    title: 'Maintien de la configuration',
    column: 'Surveillance',
    none: 'Pas encore surveillée : configuration jamais terminée',
    state: {
      watching: 'Surveillée',
      stopped: 'Arrêtée : l’application SALUS n’est pas installée ou pas connectée',
    },
    events: {
      on: 'Événements Procore actifs',
      'not-allowed':
        'Événements non autorisés par la version installée de l’application : vérification quotidienne seulement',
      unavailable: 'Événements refusés par Procore : vérification quotidienne seulement',
      pending: 'Événements en cours de mise en place : vérification quotidienne seulement',
    },
    lastVerified: 'Vérifiée pour la dernière fois le {time}',
    notVerified: 'Pas encore vérifiée',
    lastEvent: 'Dernier événement reçu le {time}',
    noEvent: 'Aucun événement reçu pour l’instant',
    openDrift: {
      one: '{count} problème ouvert depuis le {date} : {kinds}',
      other: '{count} problèmes ouverts, le plus ancien depuis le {date} : {kinds}',
    },
    openDriftUndated: {
      one: '{count} problème ouvert : {kinds}',
      other: '{count} problèmes ouverts : {kinds}',
    },
    noDrift: 'Aucun problème ouvert constaté par la surveillance',
    kinds: {
      'not-on-project': 'absent d’un projet',
      'left-project': 'retiré d’un projet',
      'project-template': 'autre modèle sur un projet',
      'account-setting': 'un réglage du compte a changé',
    },
    unverifiedSince: 'Nouveaux projets non vérifiés depuis le {date}',
    autoRepair: {
      off: 'Réparation automatique désactivée',
      on: 'Réparation automatique activée depuis le {date}, avec la connexion Procore de l’admin {name}',
      paused: {
        'sign-in-again':
          'Réparation automatique en pause : Procore n’accepte plus l’autorisation donnée par {name}',
        'not-admin':
          'Réparation automatique en pause : {name} n’a plus le droit Admin sur l’Annuaire de l’entreprise',
        'app-not-connected':
          'Réparation automatique en pause : l’application SALUS n’est pas connectée à cette entreprise',
      },
      lastRepair: 'Dernière réparation automatique : {date}',
    },
  },
  notices: {
    title: 'Avis au support SALUS conservés ici',
    intro:
      'Sans webhook de support (ou tant qu’il échoue), les avis de configuration terminée et de changement ne sont pas envoyés : ils attendent ici.',
    none: 'Aucun avis en attente.',
    what: 'Avis',
    when: 'Enregistré le',
    status: 'État',
    completed: 'Configuration terminée',
    drift: 'Modifié après la configuration : {step}',
    held: 'Conservé ici : aucun webhook n’est configuré',
    failed: {
      one: 'Non remis après {count} tentative : {error}',
      other: 'Non remis après {count} tentatives : {error}',
    },
  },
};
