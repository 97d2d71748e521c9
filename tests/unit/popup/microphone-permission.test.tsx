import { fireEvent, render, screen } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MicrophonePermission } from '@/components/MicrophonePermission';
import { useLocale } from '../support/locale';

beforeEach(() => useLocale('en'));

describe('microphone permission page', () => {
  it('explains why, asks, and confirms', async () => {
    const onDone = vi.fn();
    render(<MicrophonePermission request={async () => undefined} onDone={onDone} />);
    expect(screen.getByText(/To speak in a room, Earshot needs your microphone/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Allow the microphone' }));
    expect(await screen.findByText(/you can speak now/)).toBeTruthy();
    expect(onDone).toHaveBeenCalledOnce();
  });

  it('on denial says what to do and retries', async () => {
    const request = vi.fn().mockRejectedValueOnce(new DOMException('denied', 'NotAllowedError'));
    request.mockResolvedValueOnce(undefined);
    render(<MicrophonePermission request={request} onDone={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Allow the microphone' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The microphone is blocked.');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText(/you can speak now/)).toBeTruthy();
    expect(request).toHaveBeenCalledTimes(2);
  });
});
