using System.Globalization;

namespace UcStack.Sip.UserAgent;

/// <summary>The states of a subscription (RFC 6665 §4.1.2, the Subscription-State values).</summary>
public enum SipSubscriptionState
{
    /// <summary>SUBSCRIBE sent, no NOTIFY yet.</summary>
    Initial,

    /// <summary>The notifier has not authorized it yet (Subscription-State: pending).</summary>
    Pending,

    /// <summary>Authorized (Subscription-State: active).</summary>
    Active,

    /// <summary>Over: refused, unsubscribed, expired or ended by the notifier.</summary>
    Terminated,
}

/// <summary>One NOTIFY received for a subscription.</summary>
/// <param name="State">The Subscription-State it announced.</param>
/// <param name="Body">The event body (copied).</param>
/// <param name="ContentType">Its media type, or <see langword="null"/>.</param>
/// <param name="Reason">The <c>reason</c> parameter of a terminated state, or <see langword="null"/>.</param>
public sealed record SipNotification(SipSubscriptionState State, ReadOnlyMemory<byte> Body, string? ContentType, string? Reason);

/// <summary>A parsed Subscription-State header value (RFC 6665 §8.2.3).</summary>
internal readonly record struct SubscriptionStateValue(SipSubscriptionState State, uint? Expires, string? Reason)
{
    public static bool TryParse(string value, out SubscriptionStateValue parsed)
    {
        parsed = default;
        var parts = value.Split(';', StringSplitOptions.TrimEntries);
        SipSubscriptionState state;
        if (parts[0].Equals("active", StringComparison.OrdinalIgnoreCase)) state = SipSubscriptionState.Active;
        else if (parts[0].Equals("pending", StringComparison.OrdinalIgnoreCase)) state = SipSubscriptionState.Pending;
        else if (parts[0].Equals("terminated", StringComparison.OrdinalIgnoreCase)) state = SipSubscriptionState.Terminated;
        else return false;
        uint? expires = null;
        string? reason = null;
        foreach (var part in parts.AsSpan(1))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0) continue;
            var name = part[..eq].Trim();
            var text = part[(eq + 1)..].Trim();
            if (name.Equals("expires", StringComparison.OrdinalIgnoreCase))
            {
                if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var e)) return false;
                expires = e;
            }
            else if (name.Equals("reason", StringComparison.OrdinalIgnoreCase))
            {
                reason = text;
            }
        }

        parsed = new SubscriptionStateValue(state, expires, reason);
        return true;
    }

    public string Format() => State switch
    {
        SipSubscriptionState.Terminated => Reason is null ? "terminated" : string.Concat("terminated;reason=", Reason),
        SipSubscriptionState.Pending => string.Concat("pending;expires=", (Expires ?? 0).ToString(CultureInfo.InvariantCulture)),
        _ => string.Concat("active;expires=", (Expires ?? 0).ToString(CultureInfo.InvariantCulture)),
    };
}
