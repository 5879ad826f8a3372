import type { SupportCatalog } from './en.ts';

/** The support view's strings in Spanish (see `./en.ts`). */
export const supportEs: SupportCatalog = {
  title: 'Soporte de SALUS: configuraciones de clientes',
  tokenLabel: 'Token de soporte',
  tokenHelp: 'Solo se guarda en la memoria de esta página; recárguela para olvidarlo.',
  submit: 'Mostrar empresas',
  rejected: 'Ese token no se ha aceptado.',
  loadFailed: 'No se ha podido cargar la lista: {message}',
  filterLabel: 'Estado',
  allStates: 'Todos los estados',
  state: {
    complete: 'Completado',
    'needs-attention': 'Requiere atención',
    drifted: 'Cambiado desde que se completó',
    running: 'Corrección en curso',
    unknown: 'Desconocido',
  },
  driftSince: 'Cambios desde el {date}:',
  searchLabel: 'Buscar por nombre o ID de la empresa',
  showing: 'Empresas mostradas: {shown} de {total}.',
  columns: {
    company: 'Empresa',
    state: 'Estado',
    checkedAt: 'Última comprobación',
    completedAt: 'Completada el',
    problems: 'Problemas abiertos',
  },
  never: '—',
  noProblems: 'Ninguno',
  empty: 'Ninguna empresa coincide.',
  tokenMissing: 'Introduzca el token de soporte.',
  unchecked: 'No se ha podido comprobar: {steps}.',
  jobs: {
    title: 'Tareas en segundo plano',
    summary:
      '{queued} en espera (la más antigua: {oldest}), {failed} fallidas, {dead} avisos abandonados',
    none: 'ninguna',
  },
  signIn: {
    intro: 'Inicie sesión con su cuenta de SALUS para ver la configuración de cada cliente.',
    button: 'Iniciar sesión con SALUS',
    demo: 'Demostración: en la página simulada de inicio de sesión de SALUS, elija «Sign in as support@salus.example».',
    unavailable:
      'La vista de soporte no está configurada en este servidor: pida a quien lo administra que configure el inicio de sesión de SALUS.',
    ended: 'Su sesión de soporte ha terminado. Vuelva a iniciar sesión.',
  },
  refused: {
    'not-allowed':
      'Esa cuenta no está en la lista del soporte de SALUS, así que no puede abrir la vista de soporte. Inicie sesión con su cuenta de soporte de SALUS o pida a un administrador que le añada.',
    'email-unverified':
      'La dirección de correo de esa cuenta aún no está verificada, así que no puede abrir la vista de soporte.',
    'not-in-group':
      'Esa cuenta no está en el grupo de soporte de SALUS, así que no puede abrir la vista de soporte.',
    expired: 'Ese inicio de sesión caducó o se empezó en otro navegador. Vuelva a iniciar sesión.',
    cancelled: 'Se canceló el inicio de sesión.',
    failed:
      'El inicio de sesión de SALUS no se completó. Inténtelo de nuevo; si sigue ocurriendo, avise a quien administra este servidor.',
  },
  breakGlass: {
    summary: 'Usar el token de soporte de emergencia',
    intro: 'Solo si el inicio de sesión de SALUS no funciona. Cada uso queda registrado.',
  },
  signedInAs: 'Sesión iniciada como {email}',
  usingBreakGlass: 'Usando el token de soporte de emergencia. Cada uso queda registrado.',
  signOut: 'Cerrar sesión',
  forgetToken: 'Olvidar el token',
  detail: {
    back: 'Volver a todas las empresas',
    loadFailed: 'No se ha podido cargar esta empresa: {message}',
    latestFix: 'La última corrección empezó el {date}.',
    latestUndo: 'La última anulación empezó el {date}.',
    latestRepair: 'La última reparación automática empezó el {date}.',
    noRun: 'Aún no se ha hecho ninguna corrección en esta empresa.',
    report: 'Descargar el informe de la última corrección',
    reportFailed: 'No se ha podido descargar el informe: {message}',
    accessTitle: 'Accesos recientes del soporte',
    accessIntro:
      'Quién del soporte de SALUS consultó esta empresa, del más reciente al más antiguo.',
    accessNone: 'Nadie del soporte de SALUS ha consultado aún esta empresa.',
    when: 'Cuándo',
    who: 'Quién',
    what: 'Qué consultó',
    breakGlass: 'Token de soporte de emergencia',
    view: {
      list: 'Lista de empresas',
      detail: 'Detalles de la empresa',
      report: 'Informe de corrección',
      notices: 'Avisos',
    },
  },
  watch: {
    title: 'Mantenimiento de la configuración',
    column: 'Vigilancia',
    none: 'Sin vigilancia todavía: la configuración nunca se completó',
    state: {
      watching: 'Vigilando',
      stopped: 'Detenida: la aplicación SALUS no está instalada o no está conectada',
    },
    events: {
      on: 'Eventos de Procore activados',
      'not-allowed':
        'Eventos no permitidos por la versión instalada de la aplicación: solo comprobación diaria',
      unavailable: 'Eventos rechazados por Procore: solo comprobación diaria',
      pending: 'Eventos en preparación: solo comprobación diaria',
    },
    lastVerified: 'Verificado por última vez el {time}',
    notVerified: 'Aún sin verificar',
    lastEvent: 'Último evento recibido el {time}',
    noEvent: 'Aún no se ha recibido ningún evento',
    openDrift: {
      one: '{count} problema abierto desde el {date}: {kinds}',
      other: '{count} problemas abiertos, el más antiguo desde el {date}: {kinds}',
    },
    openDriftUndated: {
      one: '{count} problema abierto: {kinds}',
      other: '{count} problemas abiertos: {kinds}',
    },
    noDrift: 'La vigilancia no ha encontrado problemas abiertos',
    kinds: {
      'not-on-project': 'no está en un proyecto',
      'left-project': 'quitada de un proyecto',
      'project-template': 'otra plantilla en un proyecto',
      'account-setting': 'cambió un ajuste de la cuenta',
    },
    unverifiedSince: 'Proyectos nuevos sin verificar desde el {date}',
    autoRepair: {
      off: 'Reparación automática desactivada',
      on: 'Reparación automática activada desde el {date}, con el inicio de sesión de Procore de {name}',
      paused: {
        'sign-in-again':
          'Reparación automática en pausa: Procore ya no acepta el permiso que dio {name}',
        'not-admin':
          'Reparación automática en pausa: {name} ya no tiene permiso de administrador en el Directorio de la empresa',
        'app-not-connected':
          'Reparación automática en pausa: la aplicación SALUS no está conectada a esta empresa',
      },
      lastRepair: 'Última reparación automática: {date}',
    },
  },
  notices: {
    title: 'Avisos al soporte de SALUS guardados aquí',
    intro:
      'Sin un webhook de soporte (o mientras falle una y otra vez), los avisos de configuración completada y de cambios no se envían: esperan aquí.',
    none: 'No hay ningún aviso en espera.',
    what: 'Aviso',
    when: 'Registrado',
    status: 'Estado',
    completed: 'Configuración completada',
    drift: 'Cambio después de completarse: {step}',
    held: 'Guardado aquí: no hay ningún webhook configurado',
    failed: {
      one: 'No entregado tras {count} intento: {error}',
      other: 'No entregado tras {count} intentos: {error}',
    },
  },
};
