import type { Catalog } from './catalog.ts';

/**
 * Every string the SPA shows, in Spanish. Procore's own names are the ones its Spanish UI uses
 * (Herramientas de la empresa, Directorio, Gestión de aplicaciones, Plantilla de permisos);
 * template names, app names and Procore's own error words stay as they are.
 */
export const es = {
  app: {
    name: 'SALUS Setup para Procore',
    loading: 'Cargando…',
    demoBanner: 'Demostración: Procore simulado',
    demoBannerDetail: 'Nada de lo que se hace aquí afecta a una empresa real de Procore.',
    genericError: 'Se ha producido un error: {message}',
    tryAgain: 'Volver a intentarlo',
    opensInNewTab: '(se abre en una pestaña nueva)',
    unavailable:
      'Procore no ha respondido. Las comprobaciones volverán a funcionar cuando Procore esté disponible; inténtelo de nuevo en un minuto.',
    forbidden: 'Su cuenta de Procore no puede ver esta empresa.',
    signedInAs: 'Sesión iniciada como {name}',
    signOut: 'Cerrar sesión',
    signOutFailed: 'No se ha podido cerrar la sesión: {message}',
  },
  help: {
    label: 'Ayuda y privacidad',
    support: 'Contactar con el soporte de SALUS',
    privacy: 'Política de privacidad',
    deletion: 'Solicitar la eliminación de sus datos',
    deletionSubject: 'Solicitud de eliminación de datos',
    deletionSubjectCompany: 'Solicitud de eliminación de datos de la empresa de Procore {company}',
  },
  signIn: {
    title: 'Conectar SALUS con Procore',
    intro:
      'Esta aplicación comprueba, en directo, que la cuenta de servicio de SALUS de su empresa en Procore tiene los permisos y el acceso a proyectos que necesita la integración de SALUS.',
    intro2:
      'Si falta algo, le muestra exactamente qué va a cambiar, lo corrige con un clic y después avisa al soporte de SALUS por usted.',
    button: 'Iniciar sesión con Procore',
    preparing: 'Preparando el inicio de sesión…',
    prepareFailed: 'No se ha podido preparar el inicio de sesión: {message}',
    waiting: 'Esperando a que inicie sesión en la ventana de Procore…',
    finishInPopup:
      'Termine de iniciar sesión en la ventana de Procore. Esta página continuará por sí sola.',
    redeeming: 'Iniciando sesión…',
    blocked:
      'Su navegador ha bloqueado la ventana de inicio de sesión. Permita las ventanas emergentes para este sitio y vuelva a intentarlo.',
    closed:
      'La ventana de inicio de sesión se cerró antes de terminar. Vuelva a intentarlo cuando quiera.',
    timedOut: 'El inicio de sesión ha tardado demasiado. Vuelva a intentarlo.',
    failed: '{reason}. Vuelva a intentarlo cuando quiera.',
    failedUnknown: 'Procore no ha iniciado su sesión. Vuelva a intentarlo cuando quiera.',
    codeIntro:
      'La ventana de Procore no pudo devolver su inicio de sesión a esta página, así que muestra un código. Escríbalo aquí.',
    codeLabel: 'Código de inicio de sesión',
    codeHelp: '8 letras y números, tal como aparecen en la ventana de Procore.',
    codeSubmit: 'Continuar',
    redeemFailed: 'El inicio de sesión no ha terminado: {message}. Vuelva a intentarlo.',
    expired: 'Su sesión ha caducado: inicie sesión de nuevo; no se ha perdido nada.',
  },
  companies: {
    title: 'Elija una empresa',
    intro: '¿Para qué empresa de Procore se debe configurar SALUS?',
    none: 'Su cuenta de Procore no pertenece a ninguna empresa.',
    open: 'Configurar {name}',
    chooseAnother: 'Elegir otra empresa',
  },
  status: {
    title: 'Configuración de SALUS para {company}',
    checkedAt: 'Última comprobación: {time}.',
    recheck: 'Comprobar de nuevo',
    checklistTitle: 'Lista de comprobación',
    loadFailed: 'No se han podido realizar las comprobaciones: {message}',
    busy: 'Procore está ocupado, así que las comprobaciones tardan más. Seguiremos comprobando y actualizaremos esta página.',
    busyKnown:
      'Última comprobación completa: {time}; {complete} de {total} pasos estaban completos.',
    summary: {
      one: '{count} de {total} pasos requiere atención: {steps}.',
      other: '{count} de {total} pasos requieren atención: {steps}.',
    },
    summaryUnchecked: 'No se ha podido comprobar: {steps}.',
  },
  pill: {
    complete: 'Completado',
    'needs-attention': 'Requiere atención',
    checking: 'Comprobando',
    'cannot-check': 'No se puede comprobar',
    note: 'Nota',
  },
  steps: {
    admin: {
      title: 'Es administrador del Directorio',
      why: 'Solo un usuario de Procore con nivel Administrador en el Directorio de la empresa puede cambiar los permisos de la cuenta de servicio.',
    },
    'app-installed': {
      title: 'Aplicación SALUS instalada',
      why: 'Al instalar la aplicación SALUS se crea la cuenta de servicio que SALUS usa para leer sus proyectos.',
    },
    'service-account': {
      title: 'Cuenta de servicio de SALUS encontrada',
      why: 'SALUS lee Procore como este usuario del Directorio (salus-integration-…); todo lo que sigue se refiere a él.',
    },
    'company-template': {
      title: 'Plantilla de permisos de la empresa',
      why: 'La plantilla de la empresa decide qué puede leer la cuenta de servicio en toda la empresa.',
    },
    'new-projects': {
      title: 'Añadida a los proyectos nuevos',
      why: 'Los proyectos que se creen más adelante reciben la cuenta de servicio automáticamente, para que SALUS nunca se salte uno sin avisar.',
    },
    'project-access': {
      title: 'Acceso a todos los proyectos activos',
      why: 'SALUS solo puede sincronizar un proyecto en el que esté la cuenta de servicio, con la plantilla de proyecto de SALUS.',
    },
    'connection-test': {
      title: 'Prueba de conexión',
      why: 'Lee Procore como la cuenta de servicio para demostrar que los permisos funcionan de verdad.',
    },
    'over-privilege': {
      title: 'Sin más acceso del que SALUS necesita',
      why: 'La cuenta de servicio actúa sin que nadie inicie sesión, así que cada permiso que tenga además de lo que SALUS necesita es un riesgo más. SALUS solo necesita lo que conceden sus dos plantillas.',
    },
    'support-notified': {
      title: 'Soporte de SALUS avisado',
      why: 'El soporte de SALUS activa su integración en cuanto lo sabe; esta aplicación se lo comunica por usted.',
    },
  },
  facts: {
    whereInProcore: 'En Procore: {path}',
    none: 'ninguna',
    unknown: 'desconocido',
    on: 'activado',
    off: 'desactivado',
    change: '{label}: {from} → {to}',
    value: '{label}: {value}',
    adminAccess: 'Su acceso al Directorio',
    adminRequired: 'Administrador',
    appStatus: 'Aplicación SALUS',
    appInstalled: 'instalada',
    appInstalledVersion: 'instalada (versión {version})',
    appNotInstalled: 'no instalada',
    appPending: 'Procore todavía está terminando de instalar o actualizar la aplicación.',
    appUpdate:
      'Hay una actualización de la aplicación SALUS disponible en Gestión de aplicaciones.',
    account: 'Cuenta de servicio',
    accountValue: '{name} ({email})',
    accountNotFound: 'no encontrada',
    companyTemplate: 'Plantilla de la empresa',
    addToNewProjects: 'Añadir a los proyectos nuevos',
    addToNewProjectsUnknown:
      'Procore no informa de este ajuste, así que no se puede volver a leer.',
    defaultTemplate: 'Plantilla de proyecto predeterminada',
    projects:
      'Proyectos: en {on} de {total}; falta en {missing}, {wrongTemplate} con otra plantilla',
    projectsAllOn: {
      one: 'Proyectos: en el único proyecto activo ({count}) con la plantilla de SALUS',
      other: 'Proyectos: en los {count} proyectos activos con la plantilla de SALUS',
    },
    templatesVerified: {
      one: 'Plantilla de proyecto confirmada por Procore en {count} proyecto (la más antigua, {time}).',
      other:
        'Plantilla de proyecto confirmada por Procore en {count} proyectos (la más antigua, {time}).',
    },
    membershipPerProject:
      'Comprobado proyecto por proyecto: la cuenta de SALUS es administradora de la empresa, así que su propia lista muestra todos los proyectos, no solo aquellos en los que está.',
    membershipPerProjectList:
      'Comprobado proyecto por proyecto: la lista de proyectos de la propia cuenta de SALUS mostraba proyectos en los que no está.',
    inactiveProjects: {
      one: '{count} proyecto inactivo se deja como está.',
      other: '{count} proyectos inactivos se dejan como están.',
    },
    connectionSampled:
      'SALUS ha probado {sampled} de los {active} proyectos activos como la cuenta de servicio.',
    readable: 'Ha podido leer su {list}.',
    readableNone: 'Todavía no ha podido leer nada en ellos.',
    failuresTitle:
      'No se ha podido leer el Directorio del proyecto (la cuenta de SALUS necesita Solo lectura en él):',
    overPrivilegeNone: 'Solo las plantillas de SALUS: nada más.',
    overPrivilegeCompany: 'Plantilla de la empresa «{name}» en lugar de la de SALUS',
    overPrivilegeCompanyAdmin:
      'Plantilla de la empresa «{name}» en lugar de la de SALUS, con Administrador en: {tools}',
    overPrivilegeProject: {
      one: 'Plantilla de proyecto «{name}» con Administrador en {tools}, en {count} proyecto',
      other: 'Plantilla de proyecto «{name}» con Administrador en {tools}, en {count} proyectos',
    },
    failure: '{project}: {message}',
    failureWithStatus: '{project}: {message} (HTTP {status})',
    support: {
      delivered: 'Se ha avisado al soporte de SALUS.',
      deliveredAt: 'Se avisó al soporte de SALUS el {time}.',
      queued: 'Registrado para el soporte de SALUS, y se le está enviando.',
      held: 'Registrado para el soporte de SALUS.',
      heldAt: 'Registrado para el soporte de SALUS el {time}.',
    },
    accountNotChosen: 'sin elegir todavía',
  },
  projects: {
    toggle: {
      one: 'El {count} proyecto que hay que corregir',
      other: 'Los {count} proyectos que hay que corregir',
    },
    filterLabel: 'Mostrar',
    filter: {
      missing: 'Sin la cuenta de servicio',
      'wrong-template': 'Con otra plantilla',
      inactive: 'Inactivos (no se modifican)',
    },
    filterOption: '{label} ({count})',
    searchLabel: 'Buscar proyectos por nombre o número',
    searchButton: 'Buscar',
    columns: { name: 'Proyecto', number: 'Número', template: 'Plantilla' },
    blank: '—',
    empty: 'Ningún proyecto coincide.',
    first: 'Primera página',
    previous: 'Página anterior',
    next: 'Página siguiente',
    last: 'Última página',
    pages: 'Páginas de proyectos',
    position: '{from}–{to} de {total}, página {page} de {pages}',
    loadFailed: 'No se ha podido cargar la lista de proyectos: {message}',
  },
  report: {
    fileName: 'Configuración SALUS - {company} - {date}',
    byRule: '{name} (reparación automática)',
    columns: {
      what: 'Qué',
      name: 'Nombre',
      change: 'Cambio',
      result: 'Resultado',
      details: 'Detalles',
      before: 'Antes',
      after: 'Después',
      by: 'Hecho con el inicio de sesión de',
      at: 'Cuándo (UTC)',
      id: 'ID de Procore',
      beforeId: 'Antes (ID de Procore)',
      afterId: 'Después (ID de Procore)',
    },
    targets: { account: 'Cuenta de servicio', project: 'Proyecto' },
    actions: {
      add: 'Añadir al proyecto',
      retemplate: 'Cambiar la plantilla de permisos del proyecto',
      remove: 'Quitar del proyecto',
    },
    outcomes: {
      changed: 'Cambiado',
      pending: 'Sin hacer',
      added: 'Añadido',
      already_member: 'Ya estaba en el proyecto',
      retemplated: 'Plantilla cambiada',
      removed: 'Quitado',
      failed: 'Falló',
      skipped: 'Omitido',
      cancelled: 'Cancelado antes de empezar',
    },
    notes: {
      verified: 'Confirmado leyendo de nuevo el proyecto',
      'not-visible': 'Usted no ve el proyecto en Procore',
      'already-removed': 'Ya no estaba en el proyecto',
      bulk: 'Añadido junto con los demás proyectos en una sola solicitud',
      'no-result': 'Procore no informó sobre este proyecto',
    },
    procoreSaid: 'Procore: {message}',
    procoreAnswered: 'Procore (HTTP {status}): {message}',
    templateUnnamed: 'Una plantilla que ya no está en Procore',
  },
  fix: {
    button: 'Corregir permisos',
    dialogTitle: 'Revisar los cambios',
    preparing: 'Calculando exactamente qué va a cambiar…',
    planFailed: 'No se ha podido preparar la revisión: {message}',
    intro:
      'Todavía no ha cambiado nada. Esto es exactamente lo que Aplicar cambios hará en Procore:',
    accountLine: 'En el usuario del Directorio {name}:',
    fieldChange: '{field}: {from} → {to}',
    fields: {
      company_permission_template_id: 'Plantilla de permisos de la empresa',
      default_permission_template_id: 'Plantilla predeterminada para proyectos nuevos',
      add_to_new_projects: 'Añadir a todos los proyectos nuevos',
    },
    templateById: 'plantilla {id}',
    flagUnknown:
      'Procore no informa de si «Añadir a todos los proyectos nuevos» está activado, así que la corrección lo activa para asegurarse.',
    createCompanyTemplate: 'Crear la plantilla de permisos de la empresa «{name}» con:',
    createProjectTemplate: 'Crear la plantilla de permisos de proyecto «{name}» (global) con:',
    toolLevel: '{tool}: {level}',
    addProjects: {
      one: 'Añadir la cuenta de servicio a {count} proyecto con la plantilla de proyecto de SALUS.',
      other:
        'Añadir la cuenta de servicio a {count} proyectos con la plantilla de proyecto de SALUS.',
    },
    retemplateProjects: {
      one: 'Cambiar {count} proyecto a la plantilla de proyecto de SALUS.',
      other: 'Cambiar {count} proyectos a la plantilla de proyecto de SALUS.',
    },
    nothing: 'No hace falta cambiar nada.',
    requests: {
      one: 'Aproximadamente {count} solicitud a Procore, dentro de sus límites de frecuencia;',
      other: 'Aproximadamente {count} solicitudes a Procore, dentro de sus límites de frecuencia;',
    },
    estimate: 'tiempo estimado: {duration}.',
    hourly: 'Procore permite {limit} solicitudes por hora.',
    hourlyAssumed:
      'Procore suele permitir {limit} solicitudes por hora (solo muestra su límite real cuando el cupo de una hora está casi agotado).',
    crossesHour:
      'Es más de lo que permite esta hora: la corrección espera a la hora siguiente y luego continúa sola; puede cerrar esta ventana.',
    inactiveNote: 'Los proyectos inactivos nunca se modifican.',
    blocked: 'Estos cambios todavía no se pueden aplicar: {message}',
    apply: 'Aplicar cambios',
    cancel: 'Cancelar',
    startFailed: 'Los cambios no han podido empezar: {message}',
    planStale: {
      expired:
        'Esta revisión tiene más de 10 minutos, así que no se ha cambiado nada. Aquí tiene una nueva: revísela y vuelva a aplicar.',
      changed:
        'Algo ha cambiado en Procore desde esta revisión, así que no se ha cambiado nada. Aquí tiene una nueva: revísela y vuelva a aplicar.',
      unknown:
        'Esta revisión ya no se puede aplicar, así que no se ha cambiado nada. Aquí tiene una nueva: revísela y vuelva a aplicar.',
    },
    trial: 'Probar primero en un solo proyecto',
    trialHint:
      'Aplicar cambios actualizará la cuenta de servicio y la añadirá a un solo proyecto, comprobará que puede leerlo y esperará a que usted continúe con el resto.',
  },
  progress: {
    title: 'Aplicando los cambios',
    titleDone: 'Cambios aplicados',
    titleFailed: 'La corrección ha terminado con problemas',
    titleCancelled: 'La corrección se ha cancelado',
    startedBy: 'Iniciada por {name} el {time}.',
    startedByRule: 'Iniciada automáticamente el {time}, en nombre de {name}.',
    resumedBy: 'Reanudada por {name} el {time}.',
    accountChanges: 'Cambios en la cuenta de SALUS: {fields}.',
    noProjects: 'Ningún proyecto necesita cambios.',
    phase: {
      account: 'Actualizando la cuenta de servicio…',
      projects: 'Añadiendo la cuenta de servicio a los proyectos…',
      verify: 'Comprobándolo todo de nuevo…',
      done: 'Terminado.',
    },
    bar: { one: '{done} de {count} proyecto', other: '{done} de {count} proyectos' },
    counts: {
      added: 'Añadidos',
      already_member: 'Ya estaba',
      retemplated: 'Plantilla cambiada',
      removed: 'Quitados',
      failed: 'Con errores',
      skipped: 'Omitidos',
      cancelled: 'Cancelados',
    },
    eta: 'Tiempo restante aproximado: {duration}.',
    paused: 'En pausa: {reason}',
    resume: 'Reanudar',
    failuresTitle: 'Proyectos con errores',
    retryFailed: 'Reintentar los fallidos',
    actionFailed: 'No ha funcionado: {message}',
    announce: '{percent} % de los proyectos hechos.',
    announcePaused: 'La corrección está en pausa.',
    announceFinished: 'La corrección ha terminado.',
    keepOpen:
      'Puede cerrar esta ventana; la corrección continúa y esta página la volverá a mostrar.',
    loadFailed: 'No se ha podido leer el progreso: {message}',
    trialTitle: 'Probado en un proyecto',
    trialReadable:
      'La cuenta de servicio se ha configurado en «{project}» y puede leerlo. Los demás proyectos esperan hasta que usted continúe.',
    trialNoProject: 'Ningún proyecto necesitaba la prueba. Continúe cuando quiera.',
    continue: 'Continuar con el resto',
    titlePaused: 'La corrección está en pausa',
    cancel: 'Cancelar la corrección',
    stopping:
      'Deteniendo: primero se termina y se registra el proyecto que se está cambiando ahora.',
    cancelledSummary: {
      one: 'Cancelada antes del final: {count} proyecto no se empezó y no se cambió nada en él.',
      other:
        'Cancelada antes del final: {count} proyectos no se empezaron y no se cambió nada en ellos.',
    },
    announceCancelled: 'La corrección se ha cancelado.',
    announceStopping: 'Deteniendo la corrección.',
  },
  badge: {
    title: 'Configuración completa',
    completed: 'Completada el {date} por {name}.',
    completedByRepair: 'Completada el {date} por una reparación automática, en nombre de {name}.',
    report: 'Descargar informe (CSV)',
    reportFailed: 'No se ha podido descargar el informe: {message}',
    drift:
      'Esta empresa se configuró el {date}, pero algo ha cambiado desde entonces: consulte las comprobaciones que requieren atención más abajo.',
  },
  autoRepair: {
    label: 'Mantener SALUS configurado automáticamente',
    help: 'Cuando Procore muestra un cambio que impide el funcionamiento de SALUS (un proyecto sin la cuenta de SALUS, una plantilla cambiada), se corrige en su nombre con su propio inicio de sesión en Procore, cambiando solo la configuración de la cuenta de SALUS y su pertenencia a proyectos. Para desactivarlo, desmarque esta casilla.',
    on: 'Activado por {name} el {date}. Las reparaciones se hacen con el inicio de sesión de Procore de {name}.',
    lastRepair: 'Última reparación automática: {date}.',
    consent:
      'Permítalo en la ventana de Procore: inicie sesión con su propia cuenta y seleccione Permitir. No cambia nada hasta que lo haga.',
    allow: 'Permitir en Procore',
    cancel: 'Cancelar',
    waiting: 'Esperando a que seleccione Permitir en la ventana de Procore…',
    blocked:
      'Su navegador bloqueó la ventana de Procore. Permita las ventanas emergentes para esta página e inténtelo de nuevo.',
    paused: {
      'sign-in-again':
        'La reparación automática está en pausa: Procore ya no acepta el permiso que dio {name}. Para reanudarla, {name} (u otro administrador del Directorio) selecciona «Volver a permitir en Procore» y después Permitir en la ventana de Procore.',
      'not-admin':
        'La reparación automática está en pausa: {name} ya no tiene permiso de administrador en el Directorio de la empresa. Para reanudarla, un administrador del Directorio selecciona «Volver a permitir en Procore» y después Permitir en la ventana de Procore.',
      'app-not-connected':
        'La reparación automática está en pausa: la aplicación SALUS ya no está conectada a esta empresa (Herramientas de la empresa → Gestión de aplicaciones).',
    },
    allowAgain: 'Volver a permitir en Procore',
    notAdmin: 'Solo un administrador del Directorio puede cambiar esto.',
    failed: 'No se pudo cambiar: {message}',
  },
  watch: {
    title: 'Mantener SALUS configurado',
    events: {
      on: 'Procore avisa a SALUS Setup cuando se crea un proyecto o cambia la cuenta de SALUS. Además, SALUS Setup comprueba cada día, como la propia cuenta de SALUS.',
      'not-allowed':
        'Procore todavía no envía los cambios a esta versión de la aplicación SALUS, así que SALUS Setup comprueba una vez al día, como la propia cuenta de SALUS. Para enterarse en cuanto se cree un proyecto o cambie la cuenta de SALUS, acepte la actualización de la aplicación SALUS en Herramientas de la empresa → Gestión de aplicaciones.',
      pending:
        'SALUS Setup comprueba una vez al día, como la propia cuenta de SALUS. Todavía está pidiendo a Procore que le avise cuando se cree un proyecto o cambie la cuenta de SALUS.',
      unavailable:
        'Procore no avisa a SALUS Setup de los cambios en esta empresa, así que SALUS Setup comprueba una vez al día, como la propia cuenta de SALUS: encuentra los mismos problemas, solo que más tarde.',
    },
    appUpdate:
      'Al aceptar una actualización de la aplicación, Procore restablece los proyectos en los que está la cuenta de SALUS; SALUS Setup los vuelve a comprobar después de la actualización.',
    stopped:
      'SALUS Setup ha dejado de comprobar porque la aplicación SALUS ya no está instalada o conectada en esta empresa.',
    lastVerified: 'Última comprobación como la cuenta de SALUS: {time}.',
    notVerified: 'Todavía no se ha comprobado como la cuenta de SALUS.',
    nextCheck: 'Próxima comprobación: {time}.',
    lastEvent: 'Último aviso de Procore: {time}.',
    unverifiedSince:
      'La cuenta de SALUS solo ve los proyectos en los que está: un proyecto creado desde el {date} del que SALUS Setup no ha recibido aviso se comprueba la próxima vez que un administrador abra SALUS Setup.',
    driftTitle: 'Encontrado desde que se completó la configuración',
    driftNote:
      'Cada punto sigue en la lista hasta que una comprobación posterior lo encuentre corregido. El soporte de SALUS también recibe aviso.',
    fixHint:
      'Corregir permisos, arriba en esta página, lo corrige; antes de hacer nada, muestra cada cambio.',
    drift: {
      notOnNewProject: 'La cuenta de SALUS no está en un proyecto creado el {date}.',
      notOnProject: 'La cuenta de SALUS no está en {project} (desde el {date}).',
      leftProject: 'La cuenta de SALUS se quitó de {project} (detectado el {date}).',
      projectTemplate:
        'En {project}, la cuenta de SALUS tiene la plantilla de permisos {template} en lugar de {required} (desde el {date}).',
      projectTemplateNone:
        'En {project}, la cuenta de SALUS no tiene plantilla de permisos; necesita {required} (desde el {date}).',
      companyTemplate:
        'La plantilla de permisos de empresa de la cuenta de SALUS ahora es {now} (desde el {date}).',
      companyTemplateNone:
        'La cuenta de SALUS ya no tiene plantilla de permisos de empresa (desde el {date}).',
      defaultTemplate:
        'La plantilla predeterminada de la cuenta de SALUS para proyectos nuevos ahora es {now} (desde el {date}).',
      defaultTemplateNone:
        'La cuenta de SALUS ya no tiene plantilla predeterminada para proyectos nuevos (desde el {date}).',
      notAddedToNewProjects:
        'La cuenta de SALUS ya no se añade automáticamente a los proyectos nuevos (desde el {date}).',
      addToNewProjects:
        '«Añadir a todos los proyectos nuevos» ahora está {value} para la cuenta de SALUS (desde el {date}).',
    },
    quoted: '«{name}»',
    salusProjectTemplate: 'la plantilla de proyecto de SALUS',
  },
  notAdmin: {
    title: 'Solo un administrador del Directorio puede aplicar la corrección',
    body: 'Puede ver todas las comprobaciones, pero cambiar la cuenta de servicio requiere el nivel Administrador en el Directorio de la empresa. Envíe este mensaje a uno de sus administradores de Procore:',
    label: 'Mensaje para su administrador de Procore',
    copy: 'Copiar mensaje',
    copied: 'Copiado.',
    copyFailed: 'No se ha podido copiar; seleccione el texto y cópielo usted.',
    planFailed: 'No se han podido leer los cambios previstos: {message}',
    handoff: {
      greeting:
        'Hola: SALUS necesita algunos cambios de permisos en nuestra empresa de Procore {company} ({id}).',
      account: 'En Herramientas de la empresa → Directorio, edite el usuario {name}:',
      change: '- {field}: {from} → {to}',
      addProjects: {
        one: '- Añádalo a {count} proyecto más (Configuración de proyecto actual → Añadir todos).',
        other:
          '- Añádalo a {count} proyectos más (Configuración de proyecto actual → Añadir todos).',
      },
      retemplateProjects: {
        one: '- Asígnele la plantilla SALUS Project Integration en {count} proyecto.',
        other: '- Asígnele la plantilla SALUS Project Integration en {count} proyectos.',
      },
      blocked: 'Antes de eso: {message}',
      createCompanyTemplate:
        '- En Herramientas de la empresa → Permisos, cree la plantilla de empresa «{name}»: {levels}.',
      createProjectTemplate:
        '- En Herramientas de la empresa → Permisos, cree la plantilla de proyecto global «{name}»: {levels}.',
      app: 'O abra SALUS Setup para Procore desde Herramientas de la empresa → Aplicaciones y aplique la corrección allí con un clic.',
    },
  },
  appNotInstalled: {
    title: 'Instale primero la aplicación SALUS',
    body: 'La aplicación SALUS todavía no está instalada en esta empresa. Al instalarla se crea la cuenta de servicio de SALUS; las demás comprobaciones empiezan cuando exista.',
    step1: 'Abra Herramientas de la empresa → Gestión de aplicaciones.',
    step2: 'Haga clic en Instalar aplicación y después en Instalar aplicación personalizada.',
    step3: 'Introduzca este ID de versión de la aplicación y haga clic en Instalar:',
    step4:
      'Vuelva a hacer clic en Instalar y después en Omitir en el paso de proyectos: esta aplicación añade todos los proyectos por usted.',
    versionIdLabel: 'ID de versión de la aplicación',
    copy: 'Copiar el ID de versión de la aplicación',
    copied: 'Copiado.',
    copyFailed: 'No se ha podido copiar; seleccione el ID y cópielo usted.',
    after: 'Después vuelva aquí y elija Comprobar de nuevo.',
  },
  templatesMissing: {
    title: {
      one: 'Falta una plantilla de permisos de SALUS',
      other: 'Faltan las dos plantillas de permisos de SALUS',
    },
    body: {
      one: 'La integración de SALUS necesita esta plantilla de permisos, y su empresa no la tiene:',
      other:
        'La integración de SALUS necesita estas plantillas de permisos, y su empresa no las tiene:',
    },
    company: 'Plantilla de la empresa «{name}»',
    project: 'Plantilla de proyecto «{name}»',
    how: 'Créelas en Herramientas de la empresa → Permisos (las plantillas de empresa en la pestaña Empresa, las de proyecto en la pestaña Proyecto), con los nombres exactamente como se muestran, y después elija Comprobar de nuevo.',
    canCreate:
      'Corregir permisos puede crearlas por usted, con exactamente el acceso que necesita SALUS; la revisión muestra el nivel de cada herramienta antes de cambiar nada.',
  },
  chooseAccount: {
    title: '¿Qué usuario es la cuenta de servicio de SALUS?',
    body: 'Hay más de un usuario del Directorio que parece la cuenta de servicio de SALUS. Elija el que creó la aplicación SALUS:',
    columns: { name: 'Nombre', email: 'Correo electrónico', created: 'Creado', action: 'Elegir' },
    use: 'Usar {name}',
    failed: 'No se ha podido elegir esa cuenta: {message}',
    newest:
      'La aplicación SALUS crea su cuenta al instalarse, así que suele ser la más reciente: {name}.',
    sameTime:
      'Se crearon a la misma hora, así que las fechas no permiten distinguirlas: pregunte a quien instaló la aplicación SALUS o al soporte de SALUS.',
  },
  reasons: {
    notDirectoryAdmin:
      'Tiene acceso {level} al Directorio de la empresa. Cambiar la cuenta de SALUS requiere el nivel Administrador: puede revisar las comprobaciones y enviar los cambios previstos a un administrador.',
    notDirectoryAdminNone:
      'No tiene acceso al Directorio de la empresa. Cambiar la cuenta de SALUS requiere el nivel Administrador: puede revisar las comprobaciones y enviar los cambios previstos a un administrador.',
    notInstalled: 'La aplicación SALUS todavía no está instalada en esta empresa.',
    notConnected:
      'Procore indica que la aplicación SALUS no está conectada a esta empresa: instálela (o vuelva a conectarla) en Gestión de aplicaciones.',
    pendingOperation:
      'Procore todavía está aplicando los permisos de la aplicación SALUS. Vuelva a comprobarlo dentro de unos minutos.',
    updateAvailable:
      'Hay una actualización de la aplicación SALUS pendiente en Gestión de aplicaciones. Actualícela y vuelva a comprobarlo.',
    severalCandidates: {
      one: '{count} usuario del Directorio parece la cuenta de SALUS; SALUS no puede saber por sí solo si lo creó la aplicación SALUS.',
      other:
        '{count} usuarios del Directorio parecen la cuenta de SALUS; solo uno de ellos lo creó la aplicación SALUS.',
    },
    notFound:
      'No existe ningún usuario activo del Directorio llamado {prefix}…. Al instalar la aplicación SALUS se crea.',
    waitingForApp: 'Se comprueba cuando la aplicación SALUS esté instalada.',
    waitingForAccount: 'Se comprueba cuando se encuentre la cuenta de SALUS.',
    procoreAnswered: 'Procore respondió {status}: {message}',
    procoreNoAnswer: 'Procore no respondió: {message}',
    couldNotCheck:
      'No se ha podido comprobar este paso por un error de nuestra parte. Vuelva a comprobarlo; si sigue ocurriendo, contacte con el soporte de SALUS.',
    companyTemplateMissing:
      'La plantilla de permisos de la empresa «{name}» no existe en esta empresa. Corregir permisos puede crearla con el acceso que necesita SALUS (o puede crearla en Herramientas de la empresa → Permisos).',
    projectTemplateMissing:
      'La plantilla de permisos de proyecto «{name}» no existe en esta empresa. Corregir permisos puede crearla como plantilla global con el acceso que necesita SALUS.',
    projectTemplateMissingAccess:
      'La plantilla de proyecto de SALUS todavía no existe, así que ningún proyecto la tiene. Corregir permisos puede crearla y después añadir la cuenta a todos los proyectos con ella.',
    wrongTemplate:
      'La plantilla de empresa de la cuenta de SALUS es «{current}»; debe ser «{required}».',
    wrongTemplateUnset: 'La cuenta de SALUS no tiene plantilla de empresa; debe ser «{required}».',
    wrongDefaultTemplate:
      'Los proyectos nuevos darían a la cuenta de SALUS «{current}»; debe ser «{required}».',
    wrongDefaultTemplateUnset:
      'Los proyectos nuevos no darían ninguna plantilla a la cuenta de SALUS; debe ser «{required}».',
    flagUnknown:
      'Procore no informa de si la cuenta de SALUS se une a los proyectos nuevos. Corregir permisos lo activa y guarda la confirmación de Procore.',
    notAddedToNewProjects:
      'La cuenta de SALUS no se añade a los proyectos nuevos, así que faltaría en todos los proyectos que se creen a partir de ahora.',
    projectsMissing:
      'La cuenta de SALUS está en {on} de {total} proyectos activos con la plantilla de SALUS: {parts}.',
    projectsMissingFrom: 'falta en {count}',
    projectsWrongTemplate: '{count} con otra plantilla',
    projectsUnverified:
      '{count} cuya plantilla Procore aún no ha confirmado (Corregir permisos le pone la de SALUS)',
    runInProgress:
      'Una corrección de la cuenta de SALUS todavía no ha terminado: los proyectos se vuelven a comprobar cuando termine.',
    limitedViewAccess:
      'Procore solo le muestra los proyectos en los que usted está. En esos {count}, la cuenta de SALUS está configurada; un administrador de la empresa puede comprobar todos los proyectos.',
    limitedViewConnection:
      'La cuenta de SALUS ve {count} proyectos activos y puede leer los de la muestra; solo un administrador de la empresa puede compararlo con todos los proyectos.',
    cannotRead:
      'La cuenta de SALUS no puede leer {failed} de los {sampled} proyectos de la muestra (el primero: {project}).',
    projectsNotVisible: 'La cuenta de SALUS ve {visible} de {active} proyectos activos.',
    overPrivileged:
      'La cuenta de SALUS tiene más acceso del que SALUS necesita: {parts}. Todo lo que puede hacer ocurre sin que nadie inicie sesión. Corregir permisos la devuelve a las plantillas de SALUS.',
    overPrivilegedCompany: 'la plantilla de empresa «{name}» en lugar de la de SALUS',
    overPrivilegedProject: {
      one: 'la plantilla de proyecto «{name}» en {count} proyecto',
      other: 'la plantilla de proyecto «{name}» en {count} proyectos',
    },
    overPrivilegedAdmin: '{part} (Administrador en {tools})',
    notYet: 'Se avisa al soporte de SALUS automáticamente cuando la configuración esté completa.',
    notDirectoryAdminSettled:
      'Tiene acceso {level} al Directorio de la empresa. No hace falta cambiar nada, así que es suficiente; para cambiar la cuenta de SALUS haría falta el nivel Administrador.',
    notDirectoryAdminNoneSettled:
      'No tiene acceso al Directorio de la empresa. No hace falta cambiar nada, así que es suficiente; para cambiar la cuenta de SALUS haría falta el nivel Administrador.',
  },
  pause: {
    appNotConnected:
      'Procore indica que la aplicación SALUS no está conectada a esta empresa. Vuelva a conectarla en Gestión de aplicaciones y reanude.',
    sessionExpired:
      'Su sesión de Procore ha caducado. Inicie sesión de nuevo para continuar; no se pierde nada.',
    accountNotUpdated:
      'El cambio se envió a Procore, pero «{field}» sigue mostrando otro valor. Revise la cuenta de SALUS en el Directorio y luego reanude.',
    systemicFailure:
      '{count} proyectos seguidos fallaron con «{message}» ({code}). Se ha pausado para que nada más falle del mismo modo; corrija la causa y reanude.',
    interrupted:
      'La ejecución se detuvo inesperadamente. Reanude para continuar; no se repite nada.',
    templateNotCreated:
      'Procore no creó la plantilla de permisos «{name}». Créela en Herramientas de la empresa → Permisos y reanude.',
    templateNotCreatedRefused:
      'Procore no creó la plantilla de permisos «{name}» ({code}: {message}). Créela en Herramientas de la empresa → Permisos y reanude.',
    trialFailed:
      'Probado en «{project}», pero la cuenta de servicio de SALUS no puede leerlo. Procore dijo: {message}. Corrija la causa y reanude.',
    trialFailedNoAnswer:
      'El proyecto de prueba no ha funcionado: la cuenta de servicio de SALUS no puede leerlo. Corrija la causa y reanude.',
  },
  apiErrors: {
    'wrong-code':
      'Ese no es el código que muestra la ventana de Procore. Revíselo e inténtelo de nuevo.',
    'too-many-attempts':
      'Demasiados códigos incorrectos. Seleccione «Iniciar sesión con Procore» para empezar de nuevo.',
    unauthenticated:
      'No ha iniciado sesión o su sesión ha terminado. Inicie sesión con Procore de nuevo.',
    'session-expired':
      'Procore ya no acepta su sesión. Inicie sesión de nuevo; no se ha perdido nada.',
    forbidden: 'No tiene acceso a esto en Procore.',
    procoreRefused: 'Procore lo rechazó: {message}',
    csrf: 'La solicitud se rechazó por seguridad. Recargue la página y vuelva a intentarlo.',
    'not-found': 'No se ha encontrado.',
    procoreNotFound: 'Procore no lo encontró: {message}',
    'bad-request': 'No se ha entendido la solicitud. Recargue la página y vuelva a intentarlo.',
    conflict:
      'Ahora no se puede hacer: puede que ya haya una corrección en curso o que no haga falta cambiar nada. Vuelva a comprobarlo.',
    'not-admin': 'Esto requiere el nivel Administrador en el Directorio de la empresa.',
    'procore-unavailable':
      'No se ha podido contactar con Procore o ha fallado. Inténtelo de nuevo en un minuto.',
    procoreFailed: 'No se ha podido contactar con Procore o ha fallado: {message}',
    'plan-stale': 'Esta revisión ya no se puede aplicar. Revise los cambios de nuevo.',
    'procore-busy': 'Procore está ocupado. Seguiremos comprobando; esta página se actualiza sola.',
    'rate-limited':
      'Procore nos ha pedido que vayamos más despacio. Inténtelo de nuevo en un minuto.',
    internal: 'Algo ha fallado por nuestra parte. Vuelva a intentarlo; no se ha cambiado nada.',
    network:
      'No se ha podido contactar con el servidor de SALUS Setup. Compruebe su conexión y vuelva a intentarlo.',
    unknown: 'El servidor respondió con un error (HTTP {status}).',
    projectFailed: 'Procore no ha indicado el motivo.',
  },
  procorePath: {
    companyTools: 'Herramientas de la empresa',
    appManagement: 'Gestión de aplicaciones',
    directory: 'Directorio',
    edit: 'Editar',
    currentProjectSettings: 'Configuración de proyecto actual',
    permissions: 'Permisos',
    permissionTemplates: 'Plantillas de permisos',
    yourUser: 'Su usuario',
    companyPermissions: 'Permisos de la empresa',
  },
  tools: {
    directory: 'Directorio',
    daily_log: 'Diario',
    observations: 'Observaciones',
    inspections: 'Inspecciones',
    incidents: 'Incidentes',
    admin: 'Administrador',
  },
  accessLevels: {
    none: 'Ninguno',
    read_only: 'Solo lectura',
    standard: 'Estándar',
    admin: 'Administrador',
  },
  undo: {
    button: 'Deshacer esta corrección',
    dialogTitle: 'Deshacer esta corrección',
    preparing: 'Leyendo lo que cambió esta corrección…',
    intro:
      'Esto deja la cuenta de SALUS como estaba antes de la corrección. Nada cambia en Procore hasta que confirme.',
    accountLine: 'En el usuario del directorio {name}:',
    removeProjects: {
      one: 'Quitar la cuenta de SALUS de {count} proyecto al que la agregó esta corrección.',
      other: 'Quitar la cuenta de SALUS de {count} proyectos a los que la agregó esta corrección.',
    },
    keepNote:
      'Los proyectos en los que la cuenta ya estaba antes de la corrección la conservan. Las plantillas de permisos que creó la corrección se mantienen.',
    flagUnknown:
      'Procore no informaba «Agregar a nuevos proyectos» antes de la corrección, así que se deja como está.',
    autoRepairOff:
      '«Mantener SALUS configurado automáticamente» está activado para esta empresa. Deshacer lo desactiva; si no, SALUS Setup volvería a configurar la cuenta.',
    nothing: 'Esta corrección no cambió nada que se pueda deshacer.',
    confirm: 'Deshacer los cambios',
    cancel: 'Cancelar',
    planFailed: 'No se pudo preparar la acción de deshacer: {message}',
    startFailed: 'No se inició la acción de deshacer: {message}',
    progressTitle: 'Deshaciendo la corrección',
    titleDone: 'Corrección deshecha',
    titleFailed: 'La acción de deshacer terminó con problemas',
    titlePaused: 'La acción de deshacer está en pausa',
    titleCancelled: 'La acción de deshacer se ha cancelado',
    cancelRun: 'Cancelar la acción de deshacer',
    phase: {
      account: 'Devolviendo la cuenta de servicio a como estaba…',
      projects: 'Quitando la cuenta de servicio de los proyectos…',
      verify: 'Comprobándolo todo de nuevo…',
      done: 'Terminado.',
    },
  },
  duration: {
    seconds: { one: '{count} segundo', other: '{count} segundos' },
    minutes: { one: '{count} minuto', other: '{count} minutos' },
    hours: { one: '{count} hora', other: '{count} horas' },
    hoursMinutes: '{hours} h {minutes} min',
  },
} satisfies Catalog;
