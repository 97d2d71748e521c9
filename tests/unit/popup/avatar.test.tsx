import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { SpeakerAvatar } from '@/components/SpeakerAvatar';
import { hueOf, initials } from '@/utils/ui/avatar';

describe('initials', () => {
  it('takes the first letter of the first two words, upper case', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('  grace   brewster murray hopper ')).toBe('GB');
    expect(initials('émile')).toBe('É');
  });

  it('keeps an emoji whole: surrogate pairs, ZWJ sequences, flags, skin tones', () => {
    expect(initials('🎧 Studio')).toBe('🎧S');
    expect(initials('👩‍💻 dev')).toBe('👩‍💻D');
    expect(initials('🇫🇷 Paris')).toBe('🇫🇷P');
    expect(initials('👋🏽 hello')).toBe('👋🏽H');
  });

  it('keeps a letter with its combining accent', () => {
    expect(initials('e\u0301cole')).toBe('E\u0301');
  });

  it('shows "?" for a blank name', () => {
    expect(initials('')).toBe('?');
    expect(initials('   ')).toBe('?');
  });
});

describe('hueOf', () => {
  it('is stable per name and within 0–359', () => {
    expect(hueOf('Ada Lovelace')).toBe(hueOf('Ada Lovelace'));
    for (const name of ['', 'a', 'Ada Lovelace', '🎧 Studio', 'x'.repeat(500)]) {
      expect(hueOf(name)).toBeGreaterThanOrEqual(0);
      expect(hueOf(name)).toBeLessThan(360);
    }
  });
});

it('the stage avatar shows an emoji name whole', () => {
  const { container } = render(
    <ul>
      <SpeakerAvatar
        speaker={{
          identity: 'u-1',
          name: '🎧 Studio',
          isSpeaking: false,
          isLocal: false,
          isMuted: false,
          role: 'host',
        }}
      />
    </ul>,
  );
  expect(container.querySelector('.avatar')?.textContent).toBe('🎧S');
});
