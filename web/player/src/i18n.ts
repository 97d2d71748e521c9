/** The player's words in English and French, picked by the browser's language. */

export type Lang = 'en' | 'fr';

/** The first of the browser's languages that is English or French decides; English otherwise. */
export function pickLang(languages: readonly string[]): Lang {
  const known = languages.map((tag) => tag.toLowerCase().slice(0, 2)).find((l) => l === 'en' || l === 'fr');
  return known === 'fr' ? 'fr' : 'en';
}

const en = {
  listen: 'Listen',
  leave: 'Leave',
  connecting: 'Connecting…',
  listening: 'Listening',
  reconnecting: 'Connection lost, reconnecting…',
  tapToPlay: 'Tap to play the sound',
  ended: 'This room has ended.',
  missing: 'This room does not exist.',
  removed: 'You were removed from this room.',
  failed: 'Could not join the room. Try again.',
  live: 'Live now',
  scheduledFor: (when: string) => `Scheduled for ${when}`,
  startsIn: (left: string) => `Starts in ${left}`,
  startingSoon: 'Starting any moment now…',
  speakers: 'Speakers',
  speaking: 'speaking',
  noSpeakers: 'Nobody is on stage yet.',
  listeners: (n: number) => (n === 1 ? '1 listener' : `${n} listeners`),
  reactionFrom: (name: string, emoji: string) => `${name} reacted ${emoji}`,
  getExtension: 'With the Earshot extension you can also raise your hand and react.',
  hostedBy: (name: string, username: string) => `Hosted by ${name} (@${username})`,
  notFoundTitle: 'Room not found',
  notFound: 'This link does not lead to an Earshot room.',
  previewAlt: 'Earshot: live audio rooms',
};

export type Strings = typeof en;

const fr: Strings = {
  listen: 'Écouter',
  leave: 'Quitter',
  connecting: 'Connexion…',
  listening: 'En écoute',
  reconnecting: 'Connexion perdue, reconnexion…',
  tapToPlay: 'Touchez pour activer le son',
  ended: 'Ce salon est terminé.',
  missing: "Ce salon n'existe pas.",
  removed: 'Vous avez été retiré de ce salon.',
  failed: 'Impossible de rejoindre le salon. Réessayez.',
  live: 'En direct',
  scheduledFor: (when: string) => `Prévu le ${when}`,
  startsIn: (left: string) => `Commence dans ${left}`,
  startingSoon: 'Ça commence dans un instant…',
  speakers: 'Intervenants',
  speaking: 'parle',
  noSpeakers: "Personne n'est encore sur scène.",
  listeners: (n: number) => (n <= 1 ? `${n} auditeur` : `${n} auditeurs`),
  reactionFrom: (name: string, emoji: string) => `${name} a réagi ${emoji}`,
  getExtension: "Avec l'extension Earshot, vous pouvez aussi lever la main et réagir.",
  hostedBy: (name: string, username: string) => `Animé par ${name} (@${username})`,
  notFoundTitle: 'Salon introuvable',
  notFound: 'Ce lien ne mène à aucun salon Earshot.',
  previewAlt: 'Earshot : salons audio en direct',
};

export const strings: Record<Lang, Strings> = { en, fr };

/** What is left until a start time: "2 d 3 h", "1 h 05 min", "4 min 09 s". */
export function formatLeft(ms: number, lang: Lang): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return `${days} ${lang === 'fr' ? 'j' : 'd'} ${hours} h`;
  if (hours > 0) return `${hours} h ${pad(minutes)} min`;
  return `${minutes} min ${pad(total % 60)} s`;
}

export const formatWhen = (iso: string, lang: Lang) =>
  new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(new Date(iso));
