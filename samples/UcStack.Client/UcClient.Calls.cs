using System.Collections.Concurrent;
using UcStack.Client.Media;
using UcStack.Sdp;
using UcStack.Sip.UserAgent;

namespace UcStack.Client;

/// <summary>A call that carried media, as one side saw it.</summary>
/// <param name="Peer">The other party's address of record.</param>
/// <param name="Incoming">Whether we answered it.</param>
/// <param name="Report">What we sent and measured.</param>
internal sealed record CallOutcome(string Peer, bool Incoming, MediaReport Report);

internal sealed partial class UcClient
{
    /// <summary>How long each side sends its tone.</summary>
    public static readonly TimeSpan ToneDuration = TimeSpan.FromSeconds(2);

    /// <summary>The caller's tone; the callee answers with <see cref="AnswerToneHz"/>, so each side can tell whose
    /// audio it heard.</summary>
    public const double CallerToneHz = 440;

    /// <summary>The callee's tone.</summary>
    public const double AnswerToneHz = 660;

    private static readonly TimeSpan CallBound = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<SipCall, byte> _calls = new();

    /// <summary>Raised (thread pool) when an incoming call arrives, before it is answered or refused.</summary>
    public event EventHandler<string>? CallReceived;

    /// <summary>Raised (thread pool) when a call we answered has exchanged its media.</summary>
    public event EventHandler<CallOutcome>? CallCompleted;

    /// <summary>Raised (thread pool) when an incoming call failed after it was accepted.</summary>
    public event EventHandler<string>? CallFailed;

    /// <summary>Whether incoming calls are answered (otherwise they get 486 Busy Here).</summary>
    public bool AutoAnswer { get; set; }

    /// <summary>The STUN/TURN servers calls gather candidates from.</summary>
    public MediaSettings Media { get; set; } = MediaSettings.HostOnly;

    /// <summary>Calls a user: an SDP offer with ICE candidates and an SRTP key, ICE connectivity checks once answered,
    /// <see cref="ToneDuration"/> of tone each way as SRTP with SRTCP reports, then BYE.</summary>
    /// <param name="user">A user name of the domain or a SIP URI.</param>
    /// <param name="cancellationToken">Cancels the attempt (CANCEL before the answer).</param>
    /// <returns>What we measured.</returns>
    /// <exception cref="SipCallFailedException">The callee or the server refused.</exception>
    /// <exception cref="SdpNegotiationException">The answer did not fit our offer.</exception>
    /// <exception cref="InvalidOperationException">ICE found no working pair, or gathering failed.</exception>
    public async Task<CallOutcome> CallAsync(string user, CancellationToken cancellationToken = default)
    {
        var uri = Settings.UriOf(user);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(CallBound);
        var media = await CallMedia.CreateAsync(controlling: true, Media, _loggerFactory, bound.Token).ConfigureAwait(false);
        await using var mediaScope = media.ConfigureAwait(false);
        var call = await Agent.PlaceCallAsync(uri, media.CreateOffer(), "application/sdp", ServerTarget, cancellationToken: bound.Token).ConfigureAwait(false);
        _calls.TryAdd(call, 0);
        try
        {
            media.ApplyAnswer(call.RemoteBody.Span);
            await media.ConnectAsync(bound.Token).ConfigureAwait(false);
            var report = await media.ExchangeToneAsync(CallerToneHz, ToneDuration, Endpoint.TimeProvider, bound.Token).ConfigureAwait(false);
            return new CallOutcome(uri, Incoming: false, report);
        }
        finally
        {
            _calls.TryRemove(call, out _);
            await call.HangUpAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task OnIncomingCallAsync(SipCall call)
    {
        var peer = call.Invite?.Request.From.Uri?.ToString() ?? "unknown";
        CallReceived?.Invoke(this, peer);
        if (!AutoAnswer)
        {
            await call.RejectAsync(486).ConfigureAwait(false);
            return;
        }

        using var bound = new CancellationTokenSource(CallBound);
        CallMedia? media = null;
        _calls.TryAdd(call, 0);
        try
        {
            await call.RingAsync(bound.Token).ConfigureAwait(false);
            media = await CallMedia.CreateAsync(controlling: false, Media, _loggerFactory, bound.Token).ConfigureAwait(false);
            byte[] answer;
            try
            {
                answer = media.CreateAnswer(call.RemoteBody.Span);
            }
            catch (Exception e) when (e is SdpNegotiationException or SdpParseException)
            {
                // RFC 3261 §21.4.26 / RFC 3264 §6: an offer we cannot accept gets 488.
                await call.RejectAsync(488).ConfigureAwait(false);
                CallFailed?.Invoke(this, $"{peer}: {e.Message}");
                return;
            }

            await call.AcceptAsync(answer, "application/sdp", cancellationToken: bound.Token).ConfigureAwait(false);
            await call.Established.WaitAsync(bound.Token).ConfigureAwait(false);
            await media.ConnectAsync(bound.Token).ConfigureAwait(false);
            var report = await media.ExchangeToneAsync(AnswerToneHz, ToneDuration, Endpoint.TimeProvider, bound.Token).ConfigureAwait(false);
            CallCompleted?.Invoke(this, new CallOutcome(peer, Incoming: true, report));
            await call.Ended.WaitAsync(bound.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or SipCallFailedException or Sip.Transport.SipTransportException)
        {
            CallFailed?.Invoke(this, $"{peer}: {e.Message}");
            if (call.State is not SipCallState.Terminated) await call.HangUpAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _calls.TryRemove(call, out _);
            if (media is not null) await media.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task DisposeCallsAsync()
    {
        foreach (var call in _calls.Keys)
        {
            _calls.TryRemove(call, out _);
            if (call.State is not SipCallState.Terminated) await call.HangUpAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
