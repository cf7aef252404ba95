using System.Globalization;
using UcStack.Sip.Dialogs;
using UcStack.Sip.Transport;

namespace UcStack.Sip.UserAgent;

// RFC 3262 (UAC side): PRACK for reliable provisional responses to our INVITE.
public sealed partial class SipCall
{
    /// <summary>The highest in-order RSeq acknowledged, per early dialog (remote tag).</summary>
    private readonly Dictionary<string, uint> _rseq = new(StringComparer.Ordinal);

    /// <summary>PRACKs a reliable provisional response; <see langword="false"/> when it must not be processed further
    /// (a retransmission or one out of order). Unreliable ones pass untouched. Runs on the loop.</summary>
    private bool AcknowledgeReliable(SipResponse response)
    {
        bool reliable;
        try
        {
            reliable = response.Require.Contains("100rel", StringComparer.OrdinalIgnoreCase);
        }
        catch (SipParseException)
        {
            return true;
        }

        if (!reliable) return true;

        // RFC 3262 §7.1: RSeq is 1 to 2**31 - 1. Without a usable one (or an early dialog to carry the PRACK) the
        // response cannot be acknowledged, so it is not processed either.
        if (!response.Headers.TryGetFirst("RSeq", out var header)
            || !uint.TryParse(header.Value.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var rseq)
            || rseq is 0 or > int.MaxValue
            || response.ToTag is not { } tag || _dialog is not null || !_early.TryGetValue(tag, out var early))
        {
            return false;
        }

        // RFC 3262 §4: the first reliable response sets the sequence; each later one must be exactly one higher,
        // else it is a retransmission or out of order and gets no PRACK.
        if (_rseq.TryGetValue(tag, out var last) && rseq != last + 1) return false;
        _rseq[tag] = rseq;
        SendPrack(early, rseq);
        return true;
    }

    /// <summary>RFC 3262 §7.2: RAck carries the response's RSeq and the INVITE's CSeq number and method.</summary>
    private void SendPrack(SipDialog early, uint rseq)
    {
        var rack = new RAckValue(rseq, _inviteCSeq, "INVITE").Format();
        try
        {
            var prack = early.StartRequest("PRACK", [new("RAck", rack)], default, null);
            prack.ContinueWith(
                static t =>
                {
                    if (t.IsCompletedSuccessfully) t.Result.Dispose();
                    else _ = t.Exception;
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
        catch (Exception ex) when (ex is SipTransportException or InvalidOperationException or ArgumentException)
        {
            // No route for the PRACK: the UAS will retransmit and in the end give up with a 5xx (RFC 3262 §3).
        }
    }
}
