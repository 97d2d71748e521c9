import { t } from '@/utils/ui/i18n';
import type { HandRaise } from '@/wire/accounts';
import { ListRow } from './ListRow';

/** For hosts and cohosts: listeners who asked to speak, oldest first, each with Invite. */
export function RequestQueue({
  requests,
  onInvite,
}: {
  requests: HandRaise[];
  onInvite: (accountId: string) => void;
}) {
  return (
    <section class="requests" aria-labelledby="requests-title">
      <h3 id="requests-title" class="section-label">
        {t('requestsToSpeak', requests.length)}
      </h3>
      {requests.length === 0 ? (
        <p class="muted small">{t('noRequests')}</p>
      ) : (
        <ul class="rooms">
          {requests.map((request) => (
            <ListRow
              key={request.accountId}
              data-account-id={request.accountId}
              name={`✋ ${request.displayName}`}
              meta={`@${request.username}`}
            >
              <button
                type="button"
                class="join"
                aria-label={t('inviteAria', request.displayName)}
                onClick={() => onInvite(request.accountId)}
              >
                {t('invite')}
              </button>
            </ListRow>
          ))}
        </ul>
      )}
    </section>
  );
}
