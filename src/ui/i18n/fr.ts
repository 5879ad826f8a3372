import type { Catalog } from './catalog.ts';

/**
 * Every string the SPA shows, in French. Procore's own names are the ones its French UI uses
 * (Outils de l'entreprise, Annuaire, Gestion des applications, Modèle d'autorisations);
 * template names, app names and Procore's own error words stay as they are.
 */
export const fr = {
  app: {
    name: 'SALUS Setup pour Procore',
    loading: 'Chargement…',
    demoBanner: 'Démo : Procore simulé',
    demoBannerDetail: 'Rien ici ne touche une véritable entreprise Procore.',
    genericError: 'Une erreur s’est produite : {message}',
    tryAgain: 'Réessayer',
    opensInNewTab: '(s’ouvre dans un nouvel onglet)',
    unavailable:
      'Procore n’a pas répondu. Les vérifications fonctionneront à nouveau dès que Procore sera joignable ; réessayez dans une minute.',
    forbidden: 'Votre compte Procore ne peut pas voir cette entreprise.',
    signedInAs: 'Connecté : {name}',
    signOut: 'Se déconnecter',
    signOutFailed: 'La déconnexion n’a pas abouti : {message}',
  },
  help: {
    label: 'Aide et confidentialité',
    support: 'Contacter l’assistance SALUS',
    privacy: 'Politique de confidentialité',
    deletion: 'Demander la suppression de vos données',
    deletionSubject: 'Demande de suppression de données',
    deletionSubjectCompany: 'Demande de suppression des données de l’entreprise Procore {company}',
  },
  signIn: {
    title: 'Connecter SALUS à Procore',
    intro:
      'Cette application vérifie, en direct, que le compte de service SALUS de votre entreprise Procore dispose des autorisations et de l’accès aux projets dont l’intégration SALUS a besoin.',
    intro2:
      'S’il manque quelque chose, elle vous montre exactement ce qui va changer, le corrige en un clic, puis prévient le support SALUS à votre place.',
    button: 'Se connecter avec Procore',
    preparing: 'Préparation de la connexion…',
    prepareFailed: 'La connexion n’a pas pu être préparée : {message}',
    waiting: 'En attente de votre connexion dans la fenêtre Procore…',
    finishInPopup:
      'Terminez la connexion dans la fenêtre Procore. Cette page continuera d’elle-même.',
    redeeming: 'Connexion en cours…',
    blocked:
      'Votre navigateur a bloqué la fenêtre de connexion. Autorisez les fenêtres contextuelles pour ce site, puis réessayez.',
    closed:
      'La fenêtre de connexion a été fermée avant la fin de la connexion. Réessayez quand vous serez prêt.',
    timedOut: 'La connexion a pris trop de temps. Réessayez.',
    failed: '{reason}. Réessayez quand vous serez prêt.',
    failedUnknown: 'Procore ne vous a pas connecté. Réessayez quand vous serez prêt.',
    codeIntro:
      'La fenêtre Procore n’a pas pu renvoyer votre connexion vers cette page : elle affiche donc un code. Saisissez-le ici.',
    codeLabel: 'Code de connexion',
    codeHelp: '8 lettres et chiffres, tels qu’affichés dans la fenêtre Procore.',
    codeSubmit: 'Continuer',
    redeemFailed: 'La connexion n’a pas abouti : {message}. Réessayez.',
    expired: 'Votre session a expiré : reconnectez-vous ; rien n’a été perdu.',
  },
  companies: {
    title: 'Choisissez une entreprise',
    intro: 'Pour quelle entreprise Procore faut-il configurer SALUS ?',
    none: 'Votre compte Procore n’est membre d’aucune entreprise.',
    open: 'Configurer {name}',
    chooseAnother: 'Choisir une autre entreprise',
  },
  status: {
    title: 'Configuration de SALUS pour {company}',
    checkedAt: 'Dernière vérification : {time}.',
    recheck: 'Vérifier à nouveau',
    checklistTitle: 'Liste de vérification',
    loadFailed: 'Les vérifications n’ont pas pu s’exécuter : {message}',
    busy: 'Procore est occupé, les vérifications prennent donc plus de temps. Nous continuons à vérifier et mettrons cette page à jour.',
    busyKnown:
      'Dernière vérification complète : {time} ; {complete} étapes sur {total} étaient terminées.',
    summary: {
      one: '{count} étape sur {total} demande votre attention : {steps}.',
      other: '{count} étapes sur {total} demandent votre attention : {steps}.',
    },
    summaryUnchecked: 'Non vérifié : {steps}.',
  },
  pill: {
    complete: 'Terminé',
    'needs-attention': 'À traiter',
    checking: 'Vérification',
    'cannot-check': 'Vérification impossible',
    note: 'Remarque',
  },
  steps: {
    admin: {
      title: 'Vous êtes admin de l’Annuaire',
      why: 'Seul un utilisateur Procore disposant du niveau Admin sur l’Annuaire de l’entreprise peut modifier les autorisations du compte de service.',
    },
    'app-installed': {
      title: 'Application SALUS installée',
      why: 'L’installation de l’application SALUS crée le compte de service que SALUS utilise pour lire vos projets.',
    },
    'service-account': {
      title: 'Compte de service SALUS trouvé',
      why: 'SALUS lit Procore en tant que cet utilisateur de l’Annuaire (salus-integration-…) ; tout ce qui suit le concerne.',
    },
    'company-template': {
      title: 'Modèle d’autorisations de l’entreprise',
      why: 'Le modèle de l’entreprise détermine ce que le compte de service peut lire dans toute l’entreprise.',
    },
    'new-projects': {
      title: 'Ajouté aux nouveaux projets',
      why: 'Les projets créés plus tard reçoivent automatiquement le compte de service : SALUS n’en manque jamais un sans le dire.',
    },
    'project-access': {
      title: 'Accès à tous les projets actifs',
      why: 'SALUS ne peut synchroniser qu’un projet dont le compte de service est membre, avec le modèle de projet SALUS.',
    },
    'connection-test': {
      title: 'Test de connexion',
      why: 'Lit Procore en tant que compte de service pour prouver que les autorisations fonctionnent vraiment.',
    },
    'over-privilege': {
      title: 'Pas plus d’accès que SALUS n’en a besoin',
      why: 'Le compte de service agit sans que personne ne soit connecté : chaque autorisation qu’il détient au-delà de ce dont SALUS a besoin est un risque de plus. SALUS n’a besoin que de ce qu’accordent ses deux modèles.',
    },
    'support-notified': {
      title: 'Support SALUS prévenu',
      why: 'Le support SALUS bascule votre intégration dès qu’il est au courant ; cette application le prévient pour vous.',
    },
  },
  facts: {
    whereInProcore: 'Dans Procore : {path}',
    none: 'aucun',
    unknown: 'inconnu',
    on: 'activé',
    off: 'désactivé',
    change: '{label} : {from} → {to}',
    value: '{label} : {value}',
    adminAccess: 'Votre accès à l’Annuaire',
    adminRequired: 'Admin',
    appStatus: 'Application SALUS',
    appInstalled: 'installée',
    appInstalledVersion: 'installée (version {version})',
    appNotInstalled: 'non installée',
    appPending: 'Procore termine encore une installation ou une mise à jour de l’application.',
    appUpdate:
      'Une mise à jour de l’application SALUS est disponible dans Gestion des applications.',
    account: 'Compte de service',
    accountValue: '{name} ({email})',
    accountNotFound: 'introuvable',
    companyTemplate: 'Modèle de l’entreprise',
    addToNewProjects: 'Ajouter aux nouveaux projets',
    addToNewProjectsUnknown:
      'Procore ne communique pas ce paramètre, il ne peut donc pas être relu.',
    defaultTemplate: 'Modèle de projet par défaut',
    projects:
      'Projets : présent sur {on} sur {total} ; absent de {missing}, {wrongTemplate} avec un autre modèle',
    projectsAllOn: {
      one: 'Projets : présent sur le seul projet actif ({count}) avec le modèle SALUS',
      other: 'Projets : présent sur les {count} projets actifs avec le modèle SALUS',
    },
    templatesVerified: {
      one: 'Modèle de projet confirmé par Procore sur {count} projet (le plus ancien : {time}).',
      other: 'Modèle de projet confirmé par Procore sur {count} projets (le plus ancien : {time}).',
    },
    membershipPerProject:
      'Vérifié projet par projet : le compte SALUS est administrateur de l’entreprise, donc sa propre liste montre tous les projets, pas seulement ceux dont il est membre.',
    membershipPerProjectList:
      'Vérifié projet par projet : la liste de projets du compte SALUS montrait des projets dont il n’est pas membre.',
    inactiveProjects: {
      one: '{count} projet inactif reste inchangé.',
      other: '{count} projets inactifs restent inchangés.',
    },
    connectionSampled:
      'SALUS a essayé {sampled} des {active} projets actifs en tant que compte de service.',
    readable: 'Il a pu lire leur {list}.',
    readableNone: 'Il n’a encore rien pu y lire.',
    failuresTitle:
      'Impossible de lire l’Annuaire du projet (le compte SALUS doit y avoir Lecture seule) :',
    overPrivilegeNone: 'Uniquement les modèles SALUS : rien de plus.',
    overPrivilegeCompany: 'Modèle de l’entreprise « {name} » au lieu de celui de SALUS',
    overPrivilegeCompanyAdmin:
      'Modèle de l’entreprise « {name} » au lieu de celui de SALUS, avec Admin sur : {tools}',
    overPrivilegeProject: {
      one: 'Modèle de projet « {name} » avec Admin sur {tools}, sur {count} projet',
      other: 'Modèle de projet « {name} » avec Admin sur {tools}, sur {count} projets',
    },
    failure: '{project} : {message}',
    failureWithStatus: '{project} : {message} (HTTP {status})',
    support: {
      delivered: 'Le support SALUS a été prévenu.',
      deliveredAt: 'Le support SALUS a été prévenu le {time}.',
      queued: 'Enregistré pour le support SALUS, et en cours d’envoi.',
      held: 'Enregistré pour le support SALUS.',
      heldAt: 'Enregistré pour le support SALUS le {time}.',
    },
    accountNotChosen: 'pas encore choisi',
  },
  projects: {
    toggle: {
      one: 'Le {count} projet à corriger',
      other: 'Les {count} projets à corriger',
    },
    filterLabel: 'Afficher',
    filter: {
      missing: 'Sans le compte de service',
      'wrong-template': 'Avec un autre modèle',
      inactive: 'Inactifs (laissés tels quels)',
    },
    filterOption: '{label} ({count})',
    searchLabel: 'Rechercher des projets par nom ou numéro',
    searchButton: 'Rechercher',
    columns: { name: 'Projet', number: 'Numéro', template: 'Modèle' },
    blank: '—',
    empty: 'Aucun projet ne correspond.',
    first: 'Première page',
    previous: 'Page précédente',
    next: 'Page suivante',
    last: 'Dernière page',
    pages: 'Pages de projets',
    position: '{from}–{to} sur {total}, page {page} sur {pages}',
    loadFailed: 'La liste des projets n’a pas pu être chargée : {message}',
  },
  report: {
    fileName: 'Configuration SALUS - {company} - {date}',
    byRule: '{name} (réparation automatique)',
    columns: {
      what: 'Quoi',
      name: 'Nom',
      change: 'Modification',
      result: 'Résultat',
      details: 'Détails',
      before: 'Avant',
      after: 'Après',
      by: 'Fait avec la connexion de',
      at: 'Quand (UTC)',
      id: 'ID Procore',
      beforeId: 'Avant (ID Procore)',
      afterId: 'Après (ID Procore)',
    },
    targets: { account: 'Compte de service', project: 'Projet' },
    actions: {
      add: 'Ajouter au projet',
      retemplate: 'Changer le modèle d’autorisations du projet',
      remove: 'Retirer du projet',
    },
    outcomes: {
      changed: 'Modifié',
      pending: 'Non fait',
      added: 'Ajouté',
      already_member: 'Était déjà sur le projet',
      retemplated: 'Modèle changé',
      removed: 'Retiré',
      failed: 'Échec',
      skipped: 'Ignoré',
      cancelled: 'Annulé avant de commencer',
    },
    notes: {
      verified: 'Confirmé en relisant le projet',
      'not-visible': 'Vous ne voyez pas ce projet dans Procore',
      'already-removed': 'N’était plus sur le projet',
      bulk: 'Ajouté avec les autres projets en une seule requête',
      'no-result': 'Procore n’a rien indiqué pour ce projet',
    },
    procoreSaid: 'Procore : {message}',
    procoreAnswered: 'Procore (HTTP {status}) : {message}',
    templateUnnamed: 'Un modèle qui n’est plus dans Procore',
  },
  fix: {
    button: 'Corriger les autorisations',
    dialogTitle: 'Vérifier les modifications',
    preparing: 'Calcul exact de ce qui va changer…',
    planFailed: 'La vérification n’a pas pu être préparée : {message}',
    intro:
      'Rien n’a encore changé. Voici exactement ce qu’Appliquer les modifications fera dans Procore :',
    accountLine: 'Sur l’utilisateur de l’Annuaire {name} :',
    fieldChange: '{field} : {from} → {to}',
    fields: {
      company_permission_template_id: 'Modèle d’autorisations de l’entreprise',
      default_permission_template_id: 'Modèle par défaut pour les nouveaux projets',
      add_to_new_projects: 'Ajouter à tous les nouveaux projets',
    },
    templateById: 'modèle {id}',
    flagUnknown:
      'Procore n’indique pas si « Ajouter à tous les nouveaux projets » est activé : la correction l’active par précaution.',
    createCompanyTemplate: 'Créer le modèle d’autorisations de l’entreprise « {name} » avec :',
    createProjectTemplate: 'Créer le modèle d’autorisations de projet « {name} » (global) avec :',
    toolLevel: '{tool} : {level}',
    addProjects: {
      one: 'Ajouter le compte de service à {count} projet avec le modèle de projet SALUS.',
      other: 'Ajouter le compte de service à {count} projets avec le modèle de projet SALUS.',
    },
    retemplateProjects: {
      one: 'Passer {count} projet au modèle de projet SALUS.',
      other: 'Passer {count} projets au modèle de projet SALUS.',
    },
    nothing: 'Rien n’a besoin de changer.',
    requests: {
      one: 'Environ {count} requête à Procore, dans le respect de ses limites de débit ;',
      other: 'Environ {count} requêtes à Procore, dans le respect de ses limites de débit ;',
    },
    estimate: 'durée estimée : {duration}.',
    hourly: 'Procore autorise {limit} requêtes par heure.',
    hourlyAssumed:
      'Procore autorise en général {limit} requêtes par heure (il n’indique sa limite réelle que lorsque le quota d’une heure est presque épuisé).',
    crossesHour:
      'C’est plus que ce que cette heure permet : la correction attend l’heure suivante puis reprend d’elle-même ; vous pouvez fermer cette fenêtre.',
    inactiveNote: 'Les projets inactifs ne sont jamais modifiés.',
    blocked: 'Ces modifications ne peuvent pas encore être appliquées : {message}',
    apply: 'Appliquer les modifications',
    cancel: 'Annuler',
    startFailed: 'Les modifications n’ont pas pu démarrer : {message}',
    planStale: {
      expired:
        'Cette vérification date de plus de 10 minutes : rien n’a été modifié. En voici une nouvelle : vérifiez-la, puis appliquez de nouveau.',
      changed:
        'Quelque chose a changé dans Procore depuis cette vérification : rien n’a été modifié. En voici une nouvelle : vérifiez-la, puis appliquez de nouveau.',
      unknown:
        'Cette vérification ne peut plus être appliquée : rien n’a été modifié. En voici une nouvelle : vérifiez-la, puis appliquez de nouveau.',
    },
    trial: 'Essayer d’abord sur un seul projet',
    trialHint:
      'Appliquer les modifications mettra à jour le compte de service et l’ajoutera à un seul projet, vérifiera qu’il peut le lire, puis attendra que vous continuiez avec le reste.',
  },
  progress: {
    title: 'Application des modifications',
    titleDone: 'Modifications appliquées',
    titleFailed: 'La correction s’est terminée avec des problèmes',
    titleCancelled: 'La correction a été arrêtée',
    startedBy: 'Lancée par {name} le {time}.',
    startedByRule: 'Lancée automatiquement le {time}, au nom de l’admin {name}.',
    resumedBy: 'Reprise par {name} le {time}.',
    accountChanges: 'Modifications du compte SALUS : {fields}.',
    noProjects: 'Aucun projet n’a besoin de modification.',
    phase: {
      account: 'Mise à jour du compte de service…',
      projects: 'Ajout du compte de service aux projets…',
      verify: 'Nouvelle vérification complète…',
      done: 'Terminé.',
    },
    // « sur N projets » agrees with N: « 1 projets sur 5 » would not.
    bar: { one: '{done} sur {count} projet', other: '{done} sur {count} projets' },
    counts: {
      added: 'Ajoutés',
      already_member: 'Déjà membre',
      retemplated: 'Modèle changé',
      removed: 'Retirés',
      failed: 'En échec',
      skipped: 'Ignorés',
      cancelled: 'Non traités',
    },
    eta: 'Temps restant estimé : {duration}.',
    paused: 'En pause : {reason}',
    resume: 'Reprendre',
    failuresTitle: 'Projets en échec',
    retryFailed: 'Relancer les échecs',
    actionFailed: 'Cela n’a pas fonctionné : {message}',
    announce: '{percent} % des projets traités.',
    announcePaused: 'La correction est en pause.',
    announceFinished: 'La correction est terminée.',
    keepOpen:
      'Vous pouvez fermer cette fenêtre ; la correction continue et cette page l’affichera à nouveau.',
    loadFailed: 'La progression n’a pas pu être lue : {message}',
    trialTitle: 'Essayé sur un projet',
    trialReadable:
      'Le compte de service a été configuré sur « {project} » et peut le lire. Les autres projets attendent que vous continuiez.',
    trialNoProject: 'Aucun projet n’avait besoin de l’essai. Continuez quand vous le souhaitez.',
    continue: 'Continuer avec le reste',
    titlePaused: 'La correction est en pause',
    cancel: 'Arrêter la correction',
    stopping:
      'Arrêt en cours : le projet en cours de modification est d’abord terminé et enregistré.',
    cancelledSummary: {
      one: 'Arrêtée avant la fin : {count} projet n’a pas été traité, rien n’y a changé.',
      other: 'Arrêtée avant la fin : {count} projets n’ont pas été traités, rien n’y a changé.',
    },
    announceCancelled: 'La correction a été arrêtée.',
    announceStopping: 'Arrêt de la correction en cours.',
  },
  badge: {
    title: 'Configuration terminée',
    completed: 'Terminée le {date} par {name}.',
    completedByRepair:
      'Terminée le {date} par une réparation automatique, au nom de l’admin {name}.',
    report: 'Télécharger le rapport (CSV)',
    reportFailed: 'Le rapport n’a pas pu être téléchargé : {message}',
    drift:
      'Cette entreprise a été configurée le {date}, mais quelque chose a changé depuis : consultez ci-dessous les vérifications à traiter.',
  },
  autoRepair: {
    label: 'Maintenir SALUS configuré automatiquement',
    help: 'Quand Procore signale un changement qui empêche SALUS de fonctionner (un projet sans le compte SALUS, un modèle modifié), il est corrigé en votre nom avec votre propre connexion à Procore, en ne modifiant que les paramètres du compte SALUS et ses affectations aux projets. Pour l’arrêter, décochez cette case.',
    on: 'Activé par {name} le {date}. Les réparations se font avec la connexion Procore de l’admin {name}.',
    lastRepair: 'Dernière réparation automatique : {date}.',
    consent:
      'Autorisez-le dans la fenêtre de Procore : connectez-vous avec votre propre compte et sélectionnez Autoriser. Rien ne change avant.',
    allow: 'Autoriser dans Procore',
    cancel: 'Annuler',
    waiting: 'En attente de votre choix Autoriser dans la fenêtre de Procore…',
    blocked:
      'Votre navigateur a bloqué la fenêtre de Procore. Autorisez les fenêtres pop-up pour cette page, puis réessayez.',
    paused: {
      'sign-in-again':
        'La réparation automatique est en pause : Procore n’accepte plus l’autorisation donnée par {name}. Pour la reprendre, {name} (ou un autre administrateur de l’Annuaire) sélectionne « Autoriser de nouveau dans Procore », puis Autoriser dans la fenêtre de Procore.',
      'not-admin':
        'La réparation automatique est en pause : {name} n’a plus le droit Admin sur l’Annuaire de l’entreprise. Pour la reprendre, un administrateur de l’Annuaire sélectionne « Autoriser de nouveau dans Procore », puis Autoriser dans la fenêtre de Procore.',
      'app-not-connected':
        'La réparation automatique est en pause : l’application SALUS n’est plus connectée à cette entreprise (Outils de l’entreprise → Gestion des applications).',
    },
    allowAgain: 'Autoriser de nouveau dans Procore',
    notAdmin: 'Seul un administrateur de l’Annuaire peut modifier ce réglage.',
    failed: 'Impossible de modifier ce réglage : {message}',
  },
  watch: {
    title: 'Garder SALUS configuré',
    events: {
      on: 'Procore prévient SALUS Setup quand un projet est créé ou que le compte SALUS change. SALUS Setup vérifie aussi chaque jour, en tant que compte SALUS lui-même.',
      'not-allowed':
        'Procore n’envoie pas encore les changements à cette version de l’application SALUS : SALUS Setup vérifie donc une fois par jour, en tant que compte SALUS lui-même. Pour être prévenu dès qu’un projet est créé ou que le compte SALUS change, acceptez la mise à jour de l’application SALUS dans Outils de l’entreprise → Gestion des applications.',
      pending:
        'SALUS Setup vérifie une fois par jour, en tant que compte SALUS lui-même. Il demande encore à Procore de le prévenir quand un projet est créé ou que le compte SALUS change.',
      unavailable:
        'Procore ne prévient pas SALUS Setup des changements dans cette entreprise : SALUS Setup vérifie donc une fois par jour, en tant que compte SALUS lui-même ; il trouve les mêmes problèmes, simplement plus tard.',
    },
    appUpdate:
      'Quand vous acceptez une mise à jour de l’application, Procore réinitialise les projets dont le compte SALUS est membre ; SALUS Setup les vérifie à nouveau après la mise à jour.',
    stopped:
      'SALUS Setup a arrêté de vérifier, car l’application SALUS n’est plus installée ou connectée dans cette entreprise.',
    lastVerified: 'Dernière vérification en tant que compte SALUS : {time}.',
    notVerified: 'Pas encore vérifié en tant que compte SALUS.',
    nextCheck: 'Prochaine vérification : {time}.',
    lastEvent: 'Dernier signal de Procore : {time}.',
    unverifiedSince:
      'Le compte SALUS ne voit que les projets dont il est membre : un projet créé depuis le {date} dont SALUS Setup n’a pas été prévenu est vérifié la prochaine fois qu’un admin ouvre SALUS Setup.',
    driftTitle: 'Constaté depuis la fin de la configuration',
    driftNote:
      'Chaque point reste dans la liste jusqu’à ce qu’une vérification ultérieure le trouve corrigé. Le support SALUS en est aussi informé.',
    fixHint:
      'Corriger les autorisations, en haut de cette page, les corrige ; chaque modification est affichée avant d’être faite.',
    drift: {
      notOnNewProject: 'Le compte SALUS n’est pas membre d’un projet créé le {date}.',
      notOnProject: 'Le compte SALUS n’est pas membre de {project} (depuis le {date}).',
      leftProject: 'Le compte SALUS a été retiré de {project} (constaté le {date}).',
      projectTemplate:
        'Sur {project}, le compte SALUS a le modèle d’autorisations {template} au lieu de {required} (depuis le {date}).',
      projectTemplateNone:
        'Sur {project}, le compte SALUS n’a aucun modèle d’autorisations ; il lui faut {required} (depuis le {date}).',
      companyTemplate:
        'Le modèle d’autorisations d’entreprise du compte SALUS est désormais {now} (depuis le {date}).',
      companyTemplateNone:
        'Le compte SALUS n’a plus de modèle d’autorisations d’entreprise (depuis le {date}).',
      defaultTemplate:
        'Le modèle par défaut du compte SALUS pour les nouveaux projets est désormais {now} (depuis le {date}).',
      defaultTemplateNone:
        'Le compte SALUS n’a plus de modèle par défaut pour les nouveaux projets (depuis le {date}).',
      notAddedToNewProjects:
        'Le compte SALUS n’est plus ajouté automatiquement aux nouveaux projets (depuis le {date}).',
      addToNewProjects:
        '« Ajouter à tous les nouveaux projets » est désormais {value} pour le compte SALUS (depuis le {date}).',
    },
    quoted: '« {name} »',
    salusProjectTemplate: 'le modèle de projet SALUS',
  },
  notAdmin: {
    title: 'Seul un admin de l’Annuaire peut appliquer la correction',
    body: 'Vous pouvez voir toutes les vérifications, mais modifier le compte de service exige le niveau Admin sur l’Annuaire de l’entreprise. Envoyez ce message à l’un de vos admins Procore :',
    label: 'Message pour votre admin Procore',
    copy: 'Copier le message',
    copied: 'Copié.',
    copyFailed: 'La copie n’a pas fonctionné ; sélectionnez le texte et copiez-le vous-même.',
    planFailed: 'Les modifications prévues n’ont pas pu être lues : {message}',
    handoff: {
      greeting:
        'Bonjour, SALUS a besoin de quelques modifications d’autorisations dans notre entreprise Procore {company} ({id}).',
      account: 'Dans Outils de l’entreprise → Annuaire, modifiez l’utilisateur {name} :',
      change: '- {field} : {from} → {to}',
      addProjects: {
        one: '- L’ajouter à {count} projet de plus (Paramètres du projet actuel → Tout ajouter).',
        other:
          '- L’ajouter à {count} projets de plus (Paramètres du projet actuel → Tout ajouter).',
      },
      retemplateProjects: {
        one: '- Lui attribuer le modèle SALUS Project Integration sur {count} projet.',
        other: '- Lui attribuer le modèle SALUS Project Integration sur {count} projets.',
      },
      blocked: 'Avant cela : {message}',
      createCompanyTemplate:
        '- Dans Outils de l’entreprise → Autorisations, créez le modèle d’entreprise « {name} » : {levels}.',
      createProjectTemplate:
        '- Dans Outils de l’entreprise → Autorisations, créez le modèle de projet global « {name} » : {levels}.',
      app: 'Ou ouvrez SALUS Setup pour Procore depuis Outils de l’entreprise → Applications et appliquez la correction en un clic.',
    },
  },
  appNotInstalled: {
    title: 'Installez d’abord l’application SALUS',
    body: 'L’application SALUS n’est pas encore installée dans cette entreprise. Son installation crée le compte de service SALUS ; les autres vérifications commencent dès qu’il existe.',
    step1: 'Ouvrez Outils de l’entreprise → Gestion des applications.',
    step2: 'Cliquez sur Installer l’application, puis sur Installer l’application personnalisée.',
    step3: 'Saisissez cet ID de version de l’application et cliquez sur Installer :',
    step4:
      'Cliquez à nouveau sur Installer, puis sur Ignorer à l’étape des projets : cette application ajoute tous les projets pour vous.',
    versionIdLabel: 'ID de version de l’application',
    copy: 'Copier l’ID de version de l’application',
    copied: 'Copié.',
    copyFailed: 'La copie n’a pas fonctionné ; sélectionnez l’ID et copiez-le vous-même.',
    after: 'Revenez ensuite ici et choisissez Vérifier à nouveau.',
  },
  templatesMissing: {
    title: {
      one: 'Un modèle d’autorisations SALUS est manquant',
      other: 'Les deux modèles d’autorisations SALUS sont manquants',
    },
    body: {
      one: 'L’intégration SALUS a besoin de ce modèle d’autorisations, et votre entreprise ne l’a pas :',
      other:
        'L’intégration SALUS a besoin de ces modèles d’autorisations, et votre entreprise ne les a pas :',
    },
    company: 'Modèle de l’entreprise « {name} »',
    project: 'Modèle de projet « {name} »',
    how: 'Créez-les dans Outils de l’entreprise → Autorisations (les modèles d’entreprise dans l’onglet Entreprise, les modèles de projet dans l’onglet Projet), avec exactement les noms affichés, puis choisissez Vérifier à nouveau.',
    canCreate:
      'Corriger les autorisations peut les créer pour vous, avec exactement les accès dont SALUS a besoin ; la vérification indique le niveau de chaque outil avant toute modification.',
  },
  chooseAccount: {
    title: 'Quel utilisateur est le compte de service SALUS ?',
    body: 'Plusieurs utilisateurs de l’Annuaire ressemblent au compte de service SALUS. Choisissez celui que l’application SALUS a créé :',
    columns: { name: 'Nom', email: 'E-mail', created: 'Créé le', action: 'Choisir' },
    use: 'Utiliser {name}',
    failed: 'Ce compte n’a pas pu être choisi : {message}',
    newest:
      'L’application SALUS crée son compte à l’installation : c’est donc généralement le plus récent, {name}.',
    sameTime:
      'Ils ont été créés au même moment : les dates ne permettent pas de les distinguer. Demandez à la personne qui a installé l’application SALUS, ou au support SALUS.',
  },
  reasons: {
    notDirectoryAdmin:
      'Vous avez un accès {level} à l’Annuaire de l’entreprise. Modifier le compte SALUS exige le niveau Admin : vous pouvez consulter les vérifications et envoyer les modifications prévues à un admin.',
    notDirectoryAdminNone:
      'Vous n’avez aucun accès à l’Annuaire de l’entreprise. Modifier le compte SALUS exige le niveau Admin : vous pouvez consulter les vérifications et envoyer les modifications prévues à un admin.',
    notInstalled: 'L’application SALUS n’est pas encore installée dans cette entreprise.',
    notConnected:
      'Procore indique que l’application SALUS n’est pas connectée à cette entreprise : installez-la (ou reconnectez-la) dans Gestion des applications.',
    pendingOperation:
      'Procore applique encore les autorisations de l’application SALUS. Vérifiez à nouveau dans quelques minutes.',
    updateAvailable:
      'Une mise à jour de l’application SALUS attend dans Gestion des applications. Installez-la, puis vérifiez à nouveau.',
    severalCandidates: {
      one: '{count} utilisateur de l’Annuaire ressemble au compte SALUS ; SALUS ne peut pas savoir seul si l’application SALUS l’a créé.',
      other:
        '{count} utilisateurs de l’Annuaire ressemblent au compte SALUS ; un seul d’entre eux a été créé par l’application SALUS.',
    },
    notFound:
      'Aucun utilisateur actif de l’Annuaire nommé {prefix}… n’existe. L’installation de l’application SALUS le crée.',
    waitingForApp: 'Vérifié une fois l’application SALUS installée.',
    waitingForAccount: 'Vérifié une fois le compte SALUS trouvé.',
    procoreAnswered: 'Procore a répondu {status} : {message}',
    procoreNoAnswer: 'Procore n’a pas répondu : {message}',
    couldNotCheck:
      'Cette étape n’a pas pu être vérifiée à cause d’une erreur de notre côté. Vérifiez à nouveau ; si cela se reproduit, contactez le support SALUS.',
    companyTemplateMissing:
      'Le modèle d’autorisations de l’entreprise « {name} » n’existe pas dans cette entreprise. Corriger les autorisations peut le créer avec les accès dont SALUS a besoin (ou créez-le dans Outils de l’entreprise → Autorisations).',
    projectTemplateMissing:
      'Le modèle d’autorisations de projet « {name} » n’existe pas dans cette entreprise. Corriger les autorisations peut le créer comme modèle global avec les accès dont SALUS a besoin.',
    projectTemplateMissingAccess:
      'Le modèle de projet SALUS n’existe pas encore : aucun projet ne l’a donc. Corriger les autorisations peut le créer, puis ajouter le compte à chaque projet avec ce modèle.',
    wrongTemplate:
      'Le modèle d’entreprise du compte SALUS est « {current} » ; il doit être « {required} ».',
    wrongTemplateUnset:
      'Le compte SALUS n’a aucun modèle d’entreprise ; il doit avoir « {required} ».',
    wrongDefaultTemplate:
      'Les nouveaux projets donneraient au compte SALUS « {current} » ; il doit recevoir « {required} ».',
    wrongDefaultTemplateUnset:
      'Les nouveaux projets ne donneraient aucun modèle au compte SALUS ; il doit recevoir « {required} ».',
    flagUnknown:
      'Procore n’indique pas si le compte SALUS rejoint les nouveaux projets. Corriger les autorisations l’active et conserve la confirmation de Procore.',
    notAddedToNewProjects:
      'Le compte SALUS n’est pas ajouté aux nouveaux projets : il manquerait donc à chaque projet créé à partir de maintenant.',
    projectsMissing:
      'Le compte SALUS est présent sur {on} des {total} projets actifs avec le modèle SALUS : {parts}.',
    projectsMissingFrom: 'absent de {count}',
    projectsWrongTemplate: '{count} avec un autre modèle',
    projectsUnverified:
      '{count} dont Procore n’a pas encore confirmé le modèle (Corriger les autorisations y met celui de SALUS)',
    runInProgress:
      'Une correction du compte SALUS n’est pas encore terminée : les projets seront vérifiés à nouveau dès qu’elle se termine.',
    limitedViewAccess:
      'Procore ne vous montre que les projets dont vous êtes membre. Sur ces {count}, le compte SALUS est configuré ; un admin de l’entreprise peut vérifier tous les projets.',
    limitedViewConnection:
      'Le compte SALUS voit {count} projets actifs et peut lire ceux de l’échantillon ; seul un admin de l’entreprise peut comparer avec tous les projets.',
    cannotRead:
      'Le compte SALUS ne peut pas lire {failed} des {sampled} projets de l’échantillon (premier : {project}).',
    projectsNotVisible: 'Le compte SALUS voit {visible} des {active} projets actifs.',
    overPrivileged:
      'Le compte SALUS a plus d’accès que SALUS n’en a besoin : {parts}. Tout ce qu’il peut faire se fait sans que personne ne soit connecté. Corriger les autorisations le ramène aux modèles SALUS.',
    overPrivilegedCompany: 'le modèle d’entreprise « {name} » au lieu de celui de SALUS',
    overPrivilegedProject: {
      one: 'le modèle de projet « {name} » sur {count} projet',
      other: 'le modèle de projet « {name} » sur {count} projets',
    },
    overPrivilegedAdmin: '{part} (Admin sur {tools})',
    notYet: 'Le support SALUS est prévenu automatiquement dès que la configuration est terminée.',
    notDirectoryAdminSettled:
      'Vous avez un accès {level} à l’Annuaire de l’entreprise. Rien n’a besoin de changer, cela suffit donc ; modifier le compte SALUS exigerait le niveau Admin.',
    notDirectoryAdminNoneSettled:
      'Vous n’avez aucun accès à l’Annuaire de l’entreprise. Rien n’a besoin de changer, cela suffit donc ; modifier le compte SALUS exigerait le niveau Admin.',
  },
  pause: {
    appNotConnected:
      'Procore indique que l’application SALUS n’est pas connectée à cette entreprise. Reconnectez-la dans Gestion des applications, puis reprenez.',
    sessionExpired:
      'Votre connexion à Procore a expiré. Reconnectez-vous pour continuer ; rien n’est perdu.',
    accountNotUpdated:
      'La modification a été envoyée à Procore, mais « {field} » affiche toujours une autre valeur. Vérifiez le compte SALUS dans l’Annuaire, puis reprenez.',
    systemicFailure:
      '{count} projets d’affilée ont échoué avec « {message} » ({code}). Mise en pause pour que rien d’autre n’échoue de la même façon ; corrigez la cause, puis reprenez.',
    interrupted:
      'L’exécution s’est arrêtée de façon inattendue. Reprenez pour continuer ; rien n’est répété.',
    templateNotCreated:
      'Procore n’a pas créé le modèle d’autorisations « {name} ». Créez-le dans Outils de l’entreprise → Autorisations, puis reprenez.',
    templateNotCreatedRefused:
      'Procore n’a pas créé le modèle d’autorisations « {name} » ({code} : {message}). Créez-le dans Outils de l’entreprise → Autorisations, puis reprenez.',
    trialFailed:
      'Essayé sur « {project} », mais le compte de service SALUS ne peut pas le lire. Procore a répondu : {message}. Corrigez la cause, puis reprenez.',
    trialFailedNoAnswer:
      'Le projet d’essai n’a pas fonctionné : le compte de service SALUS ne peut pas le lire. Corrigez la cause, puis reprenez.',
  },
  apiErrors: {
    'wrong-code': 'Ce n’est pas le code affiché dans la fenêtre Procore. Vérifiez-le et réessayez.',
    'too-many-attempts':
      'Trop de codes erronés. Sélectionnez « Se connecter avec Procore » pour recommencer.',
    unauthenticated:
      'Vous n’êtes pas connecté, ou votre connexion a pris fin. Reconnectez-vous avec Procore.',
    'session-expired':
      'Procore n’accepte plus votre connexion. Reconnectez-vous ; rien n’a été perdu.',
    forbidden: 'Vous n’avez pas accès à cet élément dans Procore.',
    procoreRefused: 'Procore a refusé : {message}',
    csrf: 'La requête a été refusée par sécurité. Rechargez la page et réessayez.',
    'not-found': 'Élément introuvable.',
    procoreNotFound: 'Procore ne l’a pas trouvé : {message}',
    'bad-request': 'La requête n’a pas été comprise. Rechargez la page et réessayez.',
    conflict:
      'Impossible pour le moment : une correction est peut-être déjà en cours, ou rien n’a besoin de changer. Vérifiez à nouveau.',
    'not-admin': 'Cette action exige le niveau Admin sur l’Annuaire de l’entreprise.',
    'procore-unavailable': 'Procore est injoignable ou a échoué. Réessayez dans une minute.',
    procoreFailed: 'Procore est injoignable ou a échoué : {message}',
    'plan-stale':
      'Cette vérification ne peut plus être appliquée. Vérifiez de nouveau les modifications.',
    'procore-busy':
      'Procore est occupé. Nous continuons à vérifier ; cette page se met à jour d’elle-même.',
    'rate-limited': 'Procore nous a demandé de ralentir. Réessayez dans une minute.',
    internal: 'Un problème est survenu de notre côté. Réessayez ; rien n’a été modifié.',
    network: 'Le serveur SALUS Setup est injoignable. Vérifiez votre connexion et réessayez.',
    unknown: 'Le serveur a répondu par une erreur (HTTP {status}).',
    projectFailed: 'Procore n’a pas indiqué pourquoi.',
  },
  procorePath: {
    companyTools: 'Outils de l’entreprise',
    appManagement: 'Gestion des applications',
    directory: 'Annuaire',
    edit: 'Modifier',
    currentProjectSettings: 'Paramètres du projet actuel',
    permissions: 'Autorisations',
    permissionTemplates: 'Modèles d’autorisations',
    yourUser: 'Votre utilisateur',
    companyPermissions: 'Autorisations de l’entreprise',
  },
  tools: {
    directory: 'Annuaire',
    daily_log: 'Journal quotidien',
    observations: 'Observations',
    inspections: 'Inspections',
    incidents: 'Incidents',
    admin: 'Admin',
  },
  accessLevels: {
    none: 'Aucun',
    read_only: 'Lecture seule',
    standard: 'Standard',
    admin: 'Admin',
  },
  undo: {
    button: 'Annuler cette correction',
    dialogTitle: 'Annuler cette correction',
    preparing: 'Lecture de ce que cette correction a changé…',
    intro:
      'Cela remet le compte SALUS dans l’état d’avant la correction. Rien ne change dans Procore avant votre confirmation.',
    accountLine: 'Sur l’utilisateur de l’annuaire {name} :',
    removeProjects: {
      one: 'Retirer le compte SALUS de {count} projet où cette correction l’a ajouté.',
      other: 'Retirer le compte SALUS de {count} projets où cette correction l’a ajouté.',
    },
    keepNote:
      'Les projets où le compte figurait déjà avant la correction le gardent. Les modèles de permissions créés par la correction restent.',
    flagUnknown:
      'Procore n’indiquait pas « Ajouter aux nouveaux projets » avant la correction : ce réglage reste tel quel.',
    autoRepairOff:
      '« Maintenir SALUS configuré automatiquement » est activé pour cette entreprise. L’annulation le désactive ; sinon, SALUS Setup configurerait à nouveau le compte.',
    nothing: 'Cette correction n’a rien changé qui puisse être annulé.',
    confirm: 'Annuler les changements',
    cancel: 'Fermer',
    planFailed: 'Impossible de préparer l’annulation : {message}',
    startFailed: 'L’annulation n’a pas démarré : {message}',
    progressTitle: 'Annulation de la correction',
    titleDone: 'Correction annulée',
    titleFailed: 'L’annulation s’est terminée avec des problèmes',
    titlePaused: 'L’annulation est en pause',
    titleCancelled: 'L’annulation a été arrêtée',
    cancelRun: 'Arrêter l’annulation',
    phase: {
      account: 'Remise du compte de service dans son état d’avant…',
      projects: 'Retrait du compte de service des projets…',
      verify: 'Nouvelle vérification de l’ensemble…',
      done: 'Terminé.',
    },
  },
  duration: {
    seconds: { one: '{count} seconde', other: '{count} secondes' },
    minutes: { one: '{count} minute', other: '{count} minutes' },
    hours: { one: '{count} heure', other: '{count} heures' },
    hoursMinutes: '{hours} h {minutes} min',
  },
} satisfies Catalog;
