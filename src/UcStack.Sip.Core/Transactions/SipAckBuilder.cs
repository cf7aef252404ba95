using System.Globalization;

namespace UcStack.Sip.Transactions;

/// <summary>Builds the ACK for a non-2xx final response (RFC 3261 §17.1.1.3).</summary>
internal static class SipAckBuilder
{
    public static SipRequest ForNonSuccess(SipRequest invite, SipResponse response)
    {
        // RFC 3261 §17.1.1.3: same Request-URI, Call-ID, From, CSeq number and top Via as the INVITE; To from
        // the response; method ACK; the INVITE's Route headers.
        var builder = new SipRequestBuilder("ACK", invite.RequestUriText)
            .AddHeader("Via", invite.Vias[0].ToString());
        AddFirst(builder, invite, "From");
        AddFirst(builder, response, "To");
        builder.AddHeader("Call-ID", invite.CallId)
            .AddHeader("CSeq", string.Concat(invite.CSeqNumber.ToString(CultureInfo.InvariantCulture), " ACK"));
        foreach (var header in invite.Headers)
        {
            if (header.HasName("Route")) builder.AddHeader("Route", header.Value);
        }

        builder.SetMaxForwards();
        return builder.Build();
    }

    private static void AddFirst(SipRequestBuilder builder, SipMessage message, string name)
    {
        if (message.Headers.TryGetFirst(name, out var header)) builder.AddHeader(name, header.Value);
    }
}
