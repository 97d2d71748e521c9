/** Who is on stage, with a ring while they speak, and how many listen. */

import type { Strings } from '../i18n.ts';
import type { Speaker } from '../listening.ts';

export function Speakers({ speakers, t }: { speakers: Speaker[]; t: Strings }) {
  return (
    <section class="speakers" aria-label={t.speakers}>
      <h2>{t.speakers}</h2>
      {speakers.length === 0 ? (
        <p class="muted">{t.noSpeakers}</p>
      ) : (
        <ul>
          {speakers.map((speaker) => (
            <li key={speaker.identity} class="speaker" data-speaking={speaker.speaking ? 'true' : 'false'}>
              <span class="avatar" aria-hidden="true">
                {Array.from(speaker.name)[0]?.toUpperCase() ?? '?'}
              </span>
              <span class="name">{speaker.name}</span>
              {speaker.speaking ? <span class="visually-hidden"> ({t.speaking})</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
