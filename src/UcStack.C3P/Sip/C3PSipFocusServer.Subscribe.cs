using Microsoft.Extensions.Logging;
using UcStack.Sip.UserAgent;

namespace UcStack.C3P;

// The conference event package (RFC 4575) over SUBSCRIBE/NOTIFY.
public sealed partial class C3PSipFocusServer
{
    private async Task OnSubscribeAsync(SipIncomingSubscription incoming)
    {
        var request = incoming.Request;

        // RFC 6665 §4.2.1.1: an event package we do not serve gets 489.
        var package = incoming.EventPackage.Split(';')[0].Trim();
        if (!package.Equals(C3PSip.ConferenceEvent, StringComparison.OrdinalIgnoreCase))
        {
            await incoming.RejectAsync(489).ConfigureAwait(false);
            return;
        }

        if (!C3PAddress.TryParse(request.Request.RequestUriText, out var target) || target.Kind != C3PAddressKind.Focus)
        {
            await incoming.RejectAsync(404).ConfigureAwait(false);
            return;
        }

        C3PCaller? caller;
        if (_options.AuthorizeAsync is { } authorize)
        {
            caller = await authorize(request).ConfigureAwait(false);
            if (caller is null && request.HasFinalResponse) return;
        }
        else
        {
            caller = Identify(request);
        }

        if (caller is null)
        {
            await incoming.RejectAsync(403).ConfigureAwait(false);
            return;
        }

        if (await _factory.GetFocusAsync(target.ConferenceId!).ConfigureAwait(false) is not { } focus || !C3PAddress.SameUri(focus.Organizer, target.UserUri))
        {
            await incoming.RejectAsync(404).ConfigureAwait(false);
            return;
        }

        var subscriber = new NotifierSubscriber(incoming, _options.SubscriptionExpires, _logger);
        var refused = focus.Subscribe(caller, subscriber, out var subscription);
        if (refused != C3PFailureReason.None)
        {
            await incoming.RejectAsync(refused == C3PFailureReason.ConferenceDoesNotExist ? 404 : 403).ConfigureAwait(false);
            return;
        }

        subscriber.Attach(subscription!);
    }

    /// <summary>Turns the focus's documents into the 200 + first NOTIFY, then NOTIFYs.</summary>
    private sealed class NotifierSubscriber(SipIncomingSubscription incoming, TimeSpan maxExpires, ILogger logger) : IConferenceSubscriber
    {
        private readonly TaskCompletionSource<ConferenceFocusSubscription> _subscription = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private SipNotifier? _notifier;

        public void Attach(ConferenceFocusSubscription subscription) => _subscription.TrySetResult(subscription);

        public async Task DeliverAsync(ConferenceInfoDocument document, CancellationToken cancellationToken)
        {
            var body = ConferenceInfoXml.Write(document);
            if (_notifier is null)
            {
                // RFC 6665 §4.2.1.2: accept and send the current state (the full document) at once.
                _notifier = await incoming.AcceptAsync(body, C3PNamespaces.ConferenceInfoContentType, maxExpires).ConfigureAwait(false);
                _ = WatchAsync(_notifier);
                return;
            }

            await _notifier.NotifyAsync(body, C3PNamespaces.ConferenceInfoContentType, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        public async Task ClosedAsync(ConferenceSubscriptionEnd reason)
        {
            try
            {
                if (_notifier is null)
                {
                    if (!incoming.Request.HasFinalResponse) await incoming.RejectAsync(403).ConfigureAwait(false);
                    return;
                }

                // RFC 6665 §4.2.2: the final NOTIFY; noresource when the conference is gone, deactivated otherwise.
                var why = reason == ConferenceSubscriptionEnd.ConferenceEnded ? "noresource" : "deactivated";
                if (_notifier.State != SipSubscriptionState.Terminated) await _notifier.TerminateAsync(why).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
            {
                C3PSipLog.NotifyFailed(logger, ex.Message);
            }
        }

        /// <summary>When the subscriber unsubscribes or lets the subscription expire, the focus stops sending.</summary>
        private async Task WatchAsync(SipNotifier notifier)
        {
            var reason = await notifier.Terminated.ConfigureAwait(false);
            C3PSipLog.SubscriptionEnded(logger, reason);
            var subscription = await _subscription.Task.ConfigureAwait(false);
            await subscription.DisposeAsync().ConfigureAwait(false);
        }
    }
}
