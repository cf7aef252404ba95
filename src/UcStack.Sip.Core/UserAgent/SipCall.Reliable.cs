using System.Globalization;
using System.Security.Cryptography;
using UcStack.Sip.Stack;

namespace UcStack.Sip.UserAgent;

// RFC 3262 (UAS side): reliable provisional responses to an incoming INVITE, retransmitted until PRACKed.
public sealed partial class SipCall
{
    private ReliableProvisional? _reliable;
    private ReliableProvisional? _capture;
    private uint _nextRSeq;

    /// <summary>Sends a provisional response (101–199) to an incoming call; with <paramref name="reliable"/>, as a
    /// reliable one (RFC 3262 §3): <c>Require: 100rel</c> and an RSeq, retransmitted from T1 on, doubling, until
    /// the caller's PRACK arrives (answered 200 by the stack). Only one reliable provisional response is
    /// unacknowledged at a time. Without a PRACK within 64*T1 the INVITE is rejected with 504.</summary>
    /// <param name="statusCode">101–199, e.g. 180 (Ringing) or 183 (Session Progress).</param>
    /// <param name="body">The body (copied), e.g. an early answer, empty for none.</param>
    /// <param name="contentType">Its media type, or <see langword="null"/>.</param>
    /// <param name="reliable">Send it reliably; needs <see cref="SipEndpointOptions.ReliableProvisionals"/> and an
    /// INVITE whose Supported or Require names <c>100rel</c>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the response was handed to the transaction (unreliable) or when its
    /// PRACK arrived (reliable); a reliable one overtaken by the final response is cancelled.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statusCode"/> is not 101–199.</exception>
    /// <exception cref="InvalidOperationException">The call is outgoing or answered; or, for a reliable response, the
    /// option is off, the caller did not announce 100rel, or an earlier reliable one is unacknowledged.</exception>
    /// <exception cref="SipRequestTimeoutException">No PRACK within 64*T1 (the INVITE was rejected with 504).</exception>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    public Task SendProvisionalAsync(
        int statusCode, ReadOnlyMemory<byte> body = default, string? contentType = null, bool reliable = false, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 101);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 199);
        var invite = IncomingInvite();
        if (!reliable) return invite.RespondAsync(statusCode, null, null, body, contentType, cancellationToken);
        var copy = body.ToArray();
        return _endpoint.InvokeAsync(() => StartReliable(invite, statusCode, copy, contentType)).Unwrap().WaitAsync(cancellationToken);
    }

    private Task StartReliable(SipIncomingRequest invite, int statusCode, byte[] body, string? contentType)
    {
        if (!_endpoint.Options.ReliableProvisionals) throw new InvalidOperationException("SipEndpointOptions.ReliableProvisionals is off.");
        if (!AnnouncesReliable(invite.Request)) throw new InvalidOperationException("The INVITE did not announce 100rel (RFC 3262 §3).");
        if (_reliable is not null) throw new InvalidOperationException("A reliable provisional response is still unacknowledged (RFC 3262 §3).");

        // RFC 3262 §3: the first RSeq is random (below 2**31 so later ones fit), each later one is one higher.
        if (_nextRSeq == 0) _nextRSeq = (uint)RandomNumberGenerator.GetInt32(1, 1 << 30);
        var pending = new ReliableProvisional(_nextRSeq++, invite.Request.CSeqNumber) { CarriesBody = body.Length > 0 };
        _capture = pending;
        try
        {
            invite.RespondInLoop(statusCode, null, [new("Require", "100rel"), new("RSeq", pending.RSeq.ToString(CultureInfo.InvariantCulture))], body, contentType);
        }
        finally
        {
            _capture = null;
        }

        if (pending.Response is null) return Task.FromException(new InvalidOperationException("The call is over."));

        // RFC 3262 §3: retransmitted at T1, doubling, over every transport; without a PRACK for 64*T1, 5xx.
        pending.Interval = _endpoint.Options.Timers.T1;
        pending.Retransmit = new LoopTimer(_endpoint, () => RetransmitReliable(pending));
        pending.Retransmit.Arm(pending.Interval);
        pending.GiveUp = new LoopTimer(_endpoint, () => OnReliableNotAcknowledged(pending));
        pending.GiveUp.Arm(_endpoint.Options.Timers.SixtyFourT1);
        _reliable = pending;
        return pending.Acknowledged.Task;
    }

    private static bool AnnouncesReliable(SipRequest invite)
    {
        try
        {
            return invite.Supported.Contains("100rel", StringComparer.OrdinalIgnoreCase) || invite.Require.Contains("100rel", StringComparer.OrdinalIgnoreCase);
        }
        catch (SipParseException)
        {
            return false;
        }
    }

    /// <summary>Called from <see cref="OnInviteResponse"/> for every response to the INVITE (on the loop).</summary>
    private void ObserveReliable(SipResponse response)
    {
        if (_capture is { } capture && response.StatusCode < 200) capture.Response = SipResponse.Parse(response.RawBytes);

        // A final response ends the provisional phase: nothing is retransmitted after it.
        if (response.StatusCode >= 200 && _reliable is { } pending)
        {
            _reliable = null;
            pending.Acknowledged.TrySetCanceled();
            pending.Dispose();
        }
    }

    private void RetransmitReliable(ReliableProvisional pending)
    {
        if (!ReferenceEquals(pending, _reliable) || _incomingInvite is not { } invite) return;
        _endpoint.Metrics.Retransmission("INVITE");
        _ = _endpoint.SendResponseWithoutTransactionAsync(pending.Response!, invite.Flow);
        pending.Interval *= 2;
        pending.Retransmit!.Arm(pending.Interval);
    }

    private void OnReliableNotAcknowledged(ReliableProvisional pending)
    {
        if (!ReferenceEquals(pending, _reliable)) return;
        _reliable = null;
        pending.Dispose();
        pending.Acknowledged.TrySetException(new SipRequestTimeoutException("No PRACK within 64*T1; the INVITE was rejected with 504 (RFC 3262 §3)."));

        // RFC 3262 §3: the UAS SHOULD reject the original request with a 5xx response.
        if (_incomingInvite is { HasFinalResponse: false } invite) invite.RespondInLoop(504, null, null, default, null);
    }

    /// <summary>RFC 3262 §3: a PRACK whose RAck matches the unacknowledged reliable response is answered 200 and
    /// stops its retransmission; one that matches nothing gets 481.</summary>
    private void OnPrack(SipIncomingRequest prack)
    {
        if (_reliable is { } pending && prack.Request.Headers.TryGetFirst("RAck", out var header) && pending.Matches(header.Value))
        {
            _reliable = null;
            pending.Dispose();
            prack.RespondInLoop(200, null, null, default, null);
            pending.Acknowledged.TrySetResult();
            return;
        }

        prack.RespondInLoop(481, null, null, default, null);
    }

    /// <summary>A reliable provisional response waiting for its PRACK.</summary>
    private sealed class ReliableProvisional(uint rseq, uint inviteCSeq) : IDisposable
    {
        public uint RSeq { get; } = rseq;

        /// <summary>Whether it carried a body (an offer or answer), which holds back the 2xx until its PRACK.</summary>
        public bool CarriesBody { get; init; }

        public SipResponse? Response { get; set; }

        public TimeSpan Interval { get; set; }

        public LoopTimer? Retransmit { get; set; }

        public LoopTimer? GiveUp { get; set; }

        public TaskCompletionSource Acknowledged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Matches(string rack) =>
            RAckValue.TryParse(rack, out var value) && value.RSeq == RSeq && value.CSeq == inviteCSeq && value.Method == "INVITE";

        public void Dispose()
        {
            Retransmit?.Cancel();
            GiveUp?.Cancel();
            Response?.Dispose();
        }
    }
}

/// <summary>An RAck header value (RFC 3262 §7.2): <c>response-num LWS CSeq-num LWS Method</c>.</summary>
internal readonly record struct RAckValue(uint RSeq, uint CSeq, string Method)
{
    /// <summary>The longest value read; anything longer is not an RAck.</summary>
    public const int MaxLength = 128;

    public static bool TryParse(string value, out RAckValue parsed)
    {
        parsed = default;
        if (value.Length > MaxLength) return false;
        var parts = value.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

        // RFC 3262 §7.2: response-num and CSeq-num are 1*DIGIT (at most 2**32 - 1), Method a token.
        if (parts.Length != 3
            || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rseq)
            || !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var cseq)
            || !parts[2].All(c => char.IsAsciiLetterOrDigit(c) || "-.!%*_+`'~".Contains(c, StringComparison.Ordinal)))
        {
            return false;
        }

        parsed = new RAckValue(rseq, cseq, parts[2]);
        return true;
    }

    public string Format() => string.Concat(RSeq.ToString(CultureInfo.InvariantCulture), " ", CSeq.ToString(CultureInfo.InvariantCulture), " ", Method);
}
