using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.C3P;

// The live roster: conference-info NOTIFYs merged in a tracker; gaps are repaired with a full document.
public sealed partial class C3PConference
{
    private readonly object _rosterGate = new();
    private readonly ConferenceStateTracker _tracker = new();
    private bool _rosterDeleted;
    private int _refreshing;
    private int _refreshAgain;

    /// <summary>The merged conference state (full document), or <see langword="null"/> before the first one.</summary>
    public ConferenceInfoDocument? Roster
    {
        get
        {
            lock (_rosterGate) return _tracker.Current;
        }
    }

    /// <summary>Raised after the roster changed, with the new state (<see langword="null"/> when the conference was deleted).</summary>
    public event EventHandler<ConferenceInfoDocument?>? RosterChanged;

    private bool RosterDeleted
    {
        get
        {
            lock (_rosterGate) return _rosterDeleted;
        }
    }

    private async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        try
        {
            _subscription = await _client.Agent.SubscribeAsync(
                FocusUri, C3PSip.ConferenceEvent, _client.Options.SubscriptionExpires, C3PNamespaces.ConferenceInfoContentType, _client.Options.FocusServer, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new C3PRequestTimeoutException("the conference subscription was not answered in time");
        }
        catch (SipSubscriptionException ex)
        {
            throw new C3PSipException(ex.StatusCode, ex.Message, null);
        }
        catch (SipRequestTimeoutException ex)
        {
            throw new C3PRequestTimeoutException("the conference SUBSCRIBE got no answer", ex);
        }

        _subscription.NotificationReceived += OnNotification;

        // The first NOTIFY may have arrived before this handler was attached (the UA returns after the 2xx), so
        // without a state yet the roster is read once with getConference.
        if (Roster is null) await RefreshRosterAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the roster with the focus's full current document (getConference). Runs by itself after a
    /// version gap; a refresh older than the state already held is ignored.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the roster was refreshed.</returns>
    /// <exception cref="C3PRequestFailedException">Refused.</exception>
    /// <exception cref="C3PSipException">SIP-level failure.</exception>
    /// <exception cref="C3PRequestTimeoutException">No response in time.</exception>
    public async Task RefreshRosterAsync(CancellationToken cancellationToken = default)
    {
        var document = await _client.GetConferenceAsync(FocusUri, cancellationToken).ConfigureAwait(false);
        Apply(document, snapshot: true);
    }

    private void OnNotification(object? sender, SipNotification notification)
    {
        if (notification.Body.IsEmpty || !C3PSip.IsConferenceInfo(notification.ContentType)) return;
        if (!ConferenceInfoXml.TryParse(notification.Body.Span, out var document, out _))
        {
            // A body we cannot read loses an update: start over from a full document.
            RequestRefresh(ConferenceRefreshReason.MissingVersion);
            return;
        }

        Apply(document, snapshot: false);
    }

    internal void Apply(ConferenceInfoDocument document, bool snapshot)
    {
        ConferenceMergeResult result;
        lock (_rosterGate)
        {
            if (_rosterDeleted) return;

            // A refresh answer older than what NOTIFYs already brought would step the roster back.
            if (snapshot && _tracker.Current?.Version is { } current && document.Version is { } version && version < current) return;
            result = _tracker.Apply(document);
            if (result.Outcome == ConferenceMergeOutcome.Deleted) _rosterDeleted = true;
        }

        switch (result.Outcome)
        {
            case ConferenceMergeOutcome.Replaced or ConferenceMergeOutcome.Merged or ConferenceMergeOutcome.Deleted:
                RosterChanged?.Invoke(this, result.State);
                break;

            // RFC 4575 §4.6: a repeated or reordered version changes nothing; a gap means a lost update.
            case ConferenceMergeOutcome.NeedsFullRefresh when result.RefreshReason != ConferenceRefreshReason.StaleVersion:
                RequestRefresh(result.RefreshReason);
                break;
        }
    }

    /// <summary>Starts one refresh; requests while it runs make it run once more.</summary>
    private void RequestRefresh(ConferenceRefreshReason reason)
    {
        Interlocked.Exchange(ref _refreshAgain, 1);
        if (Interlocked.CompareExchange(ref _refreshing, 1, 0) != 0) return;
        C3PSipLog.RosterRefresh(_client.Logger, FocusUri, reason);
        _ = Task.Run(async () =>
        {
            try
            {
                while (Interlocked.Exchange(ref _refreshAgain, 0) == 1 && !_ended.Task.IsCompleted)
                {
                    try
                    {
                        await RefreshRosterAsync().ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is C3PRequestFailedException or C3PSipException or C3PRequestTimeoutException or SipTransportException or ObjectDisposedException)
                    {
                        C3PSipLog.RosterRefreshFailed(_client.Logger, FocusUri, ex);
                    }
                }
            }
            finally
            {
                Volatile.Write(ref _refreshing, 0);
                if (Volatile.Read(ref _refreshAgain) == 1 && !_ended.Task.IsCompleted) RequestRefresh(reason);
            }
        });
    }
}
