import type { TerminationRefusal } from '../cases/termination-steps.ts';

/**
 * The termination rules in plain words, for the API's problem body and for the error beside the field on the staff
 * page alike, in the staff member's language. Every message names the date a person can act on.
 */
type Refusal = Exclude<TerminationRefusal, { readonly outcome: 'no-pending-termination' }>;

export interface TerminationMessage {
  /** The problem's detail: what went wrong, in one sentence. */
  readonly detail: string;
  /** The message beside the field. */
  readonly field: string;
}

interface Phrases {
  readonly noticeTooShort: (v: { days: number; earliest: string; noticeDate: string }) => TerminationMessage;
  readonly notDelivered: TerminationMessage;
  readonly servedBeforeNotice: (v: { noticeDate: string }) => TerminationMessage;
  readonly inFuture: (v: { today: string }) => TerminationMessage;
  readonly tooEarly: (v: { earliest: string; today: string }) => TerminationMessage;
  readonly beforeEarliest: (v: { earliest: string }) => TerminationMessage;
}

const phrases: Readonly<Record<string, Phrases>> = {
  en: {
    noticeTooShort: ({ days, earliest, noticeDate }) => ({
      detail: `The client must get at least ${days} days' notice: services can end on ${earliest} at the earliest.`,
      field: `Choose ${earliest} or later: the client must get at least ${days} days' notice from ${noticeDate}.`,
    }),
    notDelivered: {
      detail: 'The mail service has not confirmed that the notice reached the client. Record how else it was served.',
      field: 'Record how the notice reached the client: its email was not confirmed delivered.',
    },
    servedBeforeNotice: ({ noticeDate }) => ({ detail: `The notice was issued on ${noticeDate}.`, field: `Enter ${noticeDate} or later: the notice was issued on ${noticeDate}.` }),
    inFuture: ({ today }) => ({ detail: `That day has not come yet: today is ${today}.`, field: `Enter today (${today}) or an earlier day.` }),
    tooEarly: ({ earliest, today }) => ({
      detail: `Services can end on ${earliest} at the earliest, and today is ${today}. Ending them earlier would cut the client's notice short.`,
      field: `Services can end on ${earliest} at the earliest: send this form on or after that day.`,
    }),
    beforeEarliest: ({ earliest }) => ({
      detail: `Services cannot have ended before ${earliest}, the earliest day the notice allows.`,
      field: `Enter ${earliest} or later: services cannot end before the notice allows.`,
    }),
  },
  es: {
    noticeTooShort: ({ days, earliest, noticeDate }) => ({
      detail: `El cliente debe recibir al menos ${days} días de aviso: los servicios pueden terminar el ${earliest} como muy pronto.`,
      field: `Elija el ${earliest} o una fecha posterior: el cliente debe recibir al menos ${days} días de aviso desde el ${noticeDate}.`,
    }),
    notDelivered: {
      detail: 'El servicio de correo no ha confirmado que el aviso llegó al cliente. Registre de qué otra forma se entregó.',
      field: 'Registre cómo llegó el aviso al cliente: no se confirmó la entrega de su correo electrónico.',
    },
    servedBeforeNotice: ({ noticeDate }) => ({ detail: `El aviso se emitió el ${noticeDate}.`, field: `Escriba el ${noticeDate} o una fecha posterior: el aviso se emitió el ${noticeDate}.` }),
    inFuture: ({ today }) => ({ detail: `Ese día aún no ha llegado: hoy es ${today}.`, field: `Escriba la fecha de hoy (${today}) o una anterior.` }),
    tooEarly: ({ earliest, today }) => ({
      detail: `Los servicios pueden terminar el ${earliest} como muy pronto, y hoy es ${today}. Terminarlos antes acortaría el aviso del cliente.`,
      field: `Los servicios pueden terminar el ${earliest} como muy pronto: envíe este formulario ese día o después.`,
    }),
    beforeEarliest: ({ earliest }) => ({
      detail: `Los servicios no pueden haber terminado antes del ${earliest}, el primer día que permite el aviso.`,
      field: `Escriba el ${earliest} o una fecha posterior: los servicios no pueden terminar antes de lo que permite el aviso.`,
    }),
  },
  ar: {
    noticeTooShort: ({ days, earliest, noticeDate }) => ({
      detail: `يجب أن يحصل العميل على إشعار لا يقل عن ${days} يومًا: أقرب موعد لانتهاء الخدمات هو ${earliest}.`,
      field: `اختر ${earliest} أو تاريخًا لاحقًا: يجب أن يحصل العميل على إشعار لا يقل عن ${days} يومًا من ${noticeDate}.`,
    }),
    notDelivered: {
      detail: 'لم تؤكد خدمة البريد وصول الإشعار إلى العميل. سجّل كيف تم تسليمه بطريقة أخرى.',
      field: 'سجّل كيف وصل الإشعار إلى العميل: لم يتم تأكيد تسليم بريده الإلكتروني.',
    },
    servedBeforeNotice: ({ noticeDate }) => ({ detail: `صدر الإشعار في ${noticeDate}.`, field: `أدخل ${noticeDate} أو تاريخًا لاحقًا: صدر الإشعار في ${noticeDate}.` }),
    inFuture: ({ today }) => ({ detail: `لم يأتِ ذلك اليوم بعد: اليوم هو ${today}.`, field: `أدخل تاريخ اليوم (${today}) أو تاريخًا سابقًا.` }),
    tooEarly: ({ earliest, today }) => ({
      detail: `أقرب موعد لانتهاء الخدمات هو ${earliest}، واليوم هو ${today}. إنهاؤها قبل ذلك يقصّر مدة إشعار العميل.`,
      field: `أقرب موعد لانتهاء الخدمات هو ${earliest}: أرسل هذا النموذج في ذلك اليوم أو بعده.`,
    }),
    beforeEarliest: ({ earliest }) => ({
      detail: `لا يمكن أن تكون الخدمات قد انتهت قبل ${earliest}، وهو أقرب يوم يسمح به الإشعار.`,
      field: `أدخل ${earliest} أو تاريخًا لاحقًا: لا يمكن أن تنتهي الخدمات قبل ما يسمح به الإشعار.`,
    }),
  },
  fr: {
    noticeTooShort: ({ days, earliest, noticeDate }) => ({
      detail: `Le client doit recevoir un préavis d'au moins ${days} jours : les services peuvent prendre fin le ${earliest} au plus tôt.`,
      field: `Choisissez le ${earliest} ou une date ultérieure : le client doit recevoir au moins ${days} jours de préavis à partir du ${noticeDate}.`,
    }),
    notDelivered: {
      detail: "Le service de messagerie n'a pas confirmé que l'avis est parvenu au client. Indiquez comment il a été remis autrement.",
      field: "Indiquez comment l'avis est parvenu au client : la remise de son e-mail n'a pas été confirmée.",
    },
    servedBeforeNotice: ({ noticeDate }) => ({ detail: `L'avis a été émis le ${noticeDate}.`, field: `Saisissez le ${noticeDate} ou une date ultérieure : l'avis a été émis le ${noticeDate}.` }),
    inFuture: ({ today }) => ({ detail: `Ce jour n'est pas encore arrivé : nous sommes le ${today}.`, field: `Saisissez la date du jour (${today}) ou une date antérieure.` }),
    tooEarly: ({ earliest, today }) => ({
      detail: `Les services peuvent prendre fin le ${earliest} au plus tôt, et nous sommes le ${today}. Y mettre fin plus tôt raccourcirait le préavis du client.`,
      field: `Les services peuvent prendre fin le ${earliest} au plus tôt : envoyez ce formulaire ce jour-là ou après.`,
    }),
    beforeEarliest: ({ earliest }) => ({
      detail: `Les services ne peuvent pas avoir pris fin avant le ${earliest}, le premier jour que permet le préavis.`,
      field: `Saisissez le ${earliest} ou une date ultérieure : les services ne peuvent pas prendre fin avant ce que permet le préavis.`,
    }),
  },
};

/** A calendar day (YYYY-MM-DD) as the reader writes dates: "20 December 2026", "20 de diciembre de 2026". */
export function readableDay(date: string, locale: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day)));
}

export function terminationMessage(refusal: Refusal, locale: string, minimumDays: number): TerminationMessage {
  const say = phrases[locale] ?? phrases[locale.split('-')[0]!] ?? phrases.en!;
  const day = (date: string) => readableDay(date, locale);
  switch (refusal.outcome) {
    case 'notice-too-short':
      return say.noticeTooShort({ days: minimumDays, earliest: day(refusal.earliestEffectiveDate), noticeDate: day(refusal.noticeDate) });
    case 'notice-not-delivered':
      return say.notDelivered;
    case 'service-date-invalid':
      return refusal.problem === 'served-before-notice' ? say.servedBeforeNotice({ noticeDate: day(refusal.noticeDate) }) : say.inFuture({ today: day(refusal.today) });
    case 'completion-too-early':
      if (refusal.problem === 'too-early') return say.tooEarly({ earliest: day(refusal.earliest), today: day(refusal.today) });
      return refusal.problem === 'before-earliest' ? say.beforeEarliest({ earliest: day(refusal.earliest) }) : say.inFuture({ today: day(refusal.today) });
  }
}

/** The locales the termination messages are written in; lint and tests hold the agencies' locales to them. */
export const terminationMessageLocales = Object.keys(phrases);
