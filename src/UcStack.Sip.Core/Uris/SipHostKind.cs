namespace UcStack.Sip;

/// <summary>What the host part of a SIP URI or Via sent-by is (RFC 3261 §25.1 <c>host</c>).</summary>
public enum SipHostKind
{
    /// <summary>A hostname (<c>*( domainlabel "." ) toplabel [ "." ]</c>).</summary>
    DomainName = 0,
    /// <summary>A dotted-quad IPv4 address.</summary>
    IPv4 = 1,
    /// <summary>An IPv6 reference; the host text keeps its brackets (RFC 5118).</summary>
    IPv6 = 2,
}
