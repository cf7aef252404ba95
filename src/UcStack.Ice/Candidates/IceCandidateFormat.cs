namespace UcStack.Ice;

/// <summary>Which dialect <see cref="IceCandidate.ToAttributeValue(IceCandidateFormat)"/> writes.</summary>
public enum IceCandidateFormat
{
    /// <summary>RFC 8839 §5.1 (TCP as <c>TCP</c> plus <c>tcptype</c>, RFC 6544 §4.5).</summary>
    Rfc8839,

    /// <summary>MS-ICE2: TCP candidates use the transport tokens <c>TCP-PASS</c> and <c>TCP-ACT</c> and no <c>tcptype</c>.</summary>
    MsIce2,
}
