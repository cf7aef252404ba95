namespace UcStack.Stun;

/// <summary>
/// STUN attribute types this library decodes: RFC 8489 (STUN), RFC 8656 and RFC 6062 (TURN), RFC 8445
/// (ICE) and the Microsoft MS-TURN / MS-ICE2 extensions. Any other 16-bit value is carried through as a
/// raw attribute. Values 0x0000-0x7FFF are comprehension-required, 0x8000-0xFFFF comprehension-optional
/// (RFC 8489 §18.3).
/// </summary>
public enum StunAttributeType : ushort
{
    /// <summary>MAPPED-ADDRESS (RFC 8489 §14.1). In MS-TURN messages it carries the relayed address.</summary>
    MappedAddress = 0x0001,

    /// <summary>USERNAME (RFC 8489 §14.3), at most 513 bytes of UTF-8.</summary>
    Username = 0x0006,

    /// <summary>MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1, 20 bytes.</summary>
    MessageIntegrity = 0x0008,

    /// <summary>ERROR-CODE (RFC 8489 §14.8).</summary>
    ErrorCode = 0x0009,

    /// <summary>UNKNOWN-ATTRIBUTES (RFC 8489 §14.13).</summary>
    UnknownAttributes = 0x000A,

    /// <summary>CHANNEL-NUMBER (RFC 8656 §18.1).</summary>
    ChannelNumber = 0x000C,

    /// <summary>LIFETIME (RFC 8656 §18.2), seconds.</summary>
    Lifetime = 0x000D,

    /// <summary>ALTERNATE-SERVER as numbered by MS-TURN (0x000E); only meaningful in MS-TURN (cookie-less) messages.</summary>
    MsAlternateServer = 0x000E,

    /// <summary>MAGIC-COOKIE (MS-TURN): 0x72C64BC6, the first attribute of a cookie-less MS-TURN message.</summary>
    MagicCookie = 0x000F,

    /// <summary>BANDWIDTH (MS-TURN), kilobits per second; only meaningful in MS-TURN messages.</summary>
    Bandwidth = 0x0010,

    /// <summary>DESTINATION-ADDRESS (MS-TURN); only meaningful in MS-TURN messages.</summary>
    MsDestinationAddress = 0x0011,

    /// <summary>XOR-PEER-ADDRESS (RFC 8656 §18.3). MS-TURN uses the same number for REMOTE-ADDRESS (not XORed).</summary>
    XorPeerAddress = 0x0012,

    /// <summary>DATA (RFC 8656 §18.4).</summary>
    Data = 0x0013,

    /// <summary>REALM (RFC 8489 §14.9). MS-TURN swaps the numbers: its REALM is 0x0015.</summary>
    Realm = 0x0014,

    /// <summary>NONCE (RFC 8489 §14.10). MS-TURN swaps the numbers: its NONCE is 0x0014.</summary>
    Nonce = 0x0015,

    /// <summary>XOR-RELAYED-ADDRESS (RFC 8656 §18.5).</summary>
    XorRelayedAddress = 0x0016,

    /// <summary>REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.6).</summary>
    RequestedAddressFamily = 0x0017,

    /// <summary>EVEN-PORT (RFC 8656 §18.7).</summary>
    EvenPort = 0x0018,

    /// <summary>REQUESTED-TRANSPORT (RFC 8656 §18.8).</summary>
    RequestedTransport = 0x0019,

    /// <summary>DONT-FRAGMENT (RFC 8656 §18.9).</summary>
    DontFragment = 0x001A,

    /// <summary>MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6): HMAC-SHA256, 16 to 32 bytes.</summary>
    MessageIntegritySha256 = 0x001C,

    /// <summary>PASSWORD-ALGORITHM (RFC 8489 §14.12).</summary>
    PasswordAlgorithm = 0x001D,

    /// <summary>USERHASH (RFC 8489 §14.4): SHA-256 of username and realm, 32 bytes.</summary>
    Userhash = 0x001E,

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2).</summary>
    XorMappedAddress = 0x0020,

    /// <summary>RESERVATION-TOKEN (RFC 8656 §18.10), 8 bytes.</summary>
    ReservationToken = 0x0022,

    /// <summary>PRIORITY (RFC 8445 §16.1).</summary>
    Priority = 0x0024,

    /// <summary>USE-CANDIDATE (RFC 8445 §16.1), no value.</summary>
    UseCandidate = 0x0025,

    /// <summary>CONNECTION-ID (RFC 6062 §6.2.1).</summary>
    ConnectionId = 0x002A,

    /// <summary>ADDITIONAL-ADDRESS-FAMILY (RFC 8656 §18.11).</summary>
    AdditionalAddressFamily = 0x8000,

    /// <summary>ADDRESS-ERROR-CODE (RFC 8656 §18.12).</summary>
    AddressErrorCode = 0x8001,

    /// <summary>PASSWORD-ALGORITHMS (RFC 8489 §14.11).</summary>
    PasswordAlgorithms = 0x8002,

    /// <summary>ALTERNATE-DOMAIN (RFC 8489 §14.16).</summary>
    AlternateDomain = 0x8003,

    /// <summary>ICMP (RFC 8656 §18.13).</summary>
    Icmp = 0x8004,

    /// <summary>MS-VERSION (MS-TURN).</summary>
    MsVersion = 0x8008,

    /// <summary>XOR-MAPPED-ADDRESS as numbered by MS-TURN (0x8020, the pre-RFC 5389 number).</summary>
    MsXorMappedAddress = 0x8020,

    /// <summary>SOFTWARE (RFC 8489 §14.14).</summary>
    Software = 0x8022,

    /// <summary>ALTERNATE-SERVER (RFC 8489 §14.15).</summary>
    AlternateServer = 0x8023,

    /// <summary>FINGERPRINT (RFC 8489 §14.7): CRC-32 XOR 0x5354554E.</summary>
    Fingerprint = 0x8028,

    /// <summary>ICE-CONTROLLED (RFC 8445 §16.1), 64-bit tie-breaker.</summary>
    IceControlled = 0x8029,

    /// <summary>ICE-CONTROLLING (RFC 8445 §16.1), 64-bit tie-breaker.</summary>
    IceControlling = 0x802A,

    /// <summary>MS-SEQUENCE-NUMBER (MS-TURN): 20-byte connection id and 32-bit sequence number.</summary>
    MsSequenceNumber = 0x8050,

    /// <summary>CANDIDATE-IDENTIFIER (MS-ICE2): names the local candidate in a Binding request.</summary>
    CandidateIdentifier = 0x8054,

    /// <summary>MS-SERVICE-QUALITY (MS-TURN): stream type and service quality.</summary>
    MsServiceQuality = 0x8055,

    /// <summary>IMPLEMENTATION-VERSION (MS-ICE2).</summary>
    ImplementationVersion = 0x8070,
}
