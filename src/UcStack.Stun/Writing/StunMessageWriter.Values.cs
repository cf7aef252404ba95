using System.Buffers.Binary;
using System.Text;

namespace UcStack.Stun;

public ref partial struct StunMessageWriter
{
    /// <summary>Appends USERNAME (RFC 8489 §14.3).</summary>
    /// <param name="utf8">At most 513 bytes of UTF-8.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentException">The value is longer than 513 bytes.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddUsername(scoped ReadOnlySpan<byte> utf8) => AddLimited(StunAttributeType.Username, utf8, StunConstants.MaxUsernameLength);

    /// <summary>Appends USERNAME (RFC 8489 §14.3) as UTF-8.</summary>
    /// <param name="username">The username; at most 513 bytes of UTF-8.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="username"/> is null.</exception>
    /// <exception cref="ArgumentException">The value is longer than 513 bytes.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddUsername(string username) => AddText(StunAttributeType.Username, username, StunConstants.MaxUsernameLength);

    /// <summary>Appends USERHASH (RFC 8489 §14.4; see <see cref="StunCredentials.ComputeUserhash"/>).</summary>
    /// <param name="hash">32 bytes.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentException"><paramref name="hash"/> is not 32 bytes.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddUserhash(scoped ReadOnlySpan<byte> hash)
    {
        if (hash.Length != StunConstants.UserhashLength)
        {
            throw new ArgumentException("USERHASH is 32 bytes (RFC 8489 §14.4).", nameof(hash));
        }

        return AddAttribute((ushort)StunAttributeType.Userhash, hash);
    }

    /// <summary>Appends REALM (RFC 8489 §14.9; in an MS-TURN message, its number 0x0015).</summary>
    /// <param name="utf8">At most 763 bytes.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentException">The value is longer than 763 bytes.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddRealm(scoped ReadOnlySpan<byte> utf8) => AddLimited(_isMsTurn ? StunAttributeType.Nonce : StunAttributeType.Realm, utf8, StunConstants.MaxTextLength);

    /// <summary>Appends REALM as UTF-8.</summary>
    /// <param name="realm">The realm.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="realm"/> is null.</exception>
    /// <exception cref="ArgumentException">The value is longer than 763 bytes.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddRealm(string realm) => AddText(_isMsTurn ? StunAttributeType.Nonce : StunAttributeType.Realm, realm, StunConstants.MaxTextLength);

    /// <summary>Appends NONCE (RFC 8489 §14.10; in an MS-TURN message, its number 0x0014).</summary>
    /// <param name="utf8">At most 763 bytes.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentException">The value is longer than 763 bytes.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddNonce(scoped ReadOnlySpan<byte> utf8) => AddLimited(_isMsTurn ? StunAttributeType.Realm : StunAttributeType.Nonce, utf8, StunConstants.MaxTextLength);

    /// <summary>Appends NONCE as UTF-8.</summary>
    /// <param name="nonce">The nonce.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="nonce"/> is null.</exception>
    /// <exception cref="ArgumentException">The value is longer than 763 bytes.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddNonce(string nonce) => AddText(_isMsTurn ? StunAttributeType.Realm : StunAttributeType.Nonce, nonce, StunConstants.MaxTextLength);

    /// <summary>Appends SOFTWARE (RFC 8489 §14.14).</summary>
    /// <param name="utf8">At most 763 bytes.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentException">The value is longer than 763 bytes.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddSoftware(scoped ReadOnlySpan<byte> utf8) => AddLimited(StunAttributeType.Software, utf8, StunConstants.MaxTextLength);

    /// <summary>Appends SOFTWARE as UTF-8.</summary>
    /// <param name="software">The description.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="software"/> is null.</exception>
    /// <exception cref="ArgumentException">The value is longer than 763 bytes.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddSoftware(string software) => AddText(StunAttributeType.Software, software, StunConstants.MaxTextLength);

    /// <summary>Appends ALTERNATE-DOMAIN (RFC 8489 §14.16).</summary>
    /// <param name="domain">1 to 255 bytes.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentException">The value is empty or longer than 255 bytes.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddAlternateDomain(scoped ReadOnlySpan<byte> domain)
    {
        if (domain.IsEmpty)
        {
            throw new ArgumentException("ALTERNATE-DOMAIN cannot be empty.", nameof(domain));
        }

        return AddLimited(StunAttributeType.AlternateDomain, domain, StunConstants.MaxAlternateDomainLength);
    }

    /// <summary>Appends DATA (RFC 8656 §18.4).</summary>
    /// <param name="data">The payload.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentException"><paramref name="data"/> is longer than 65531 bytes.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddData(scoped ReadOnlySpan<byte> data) => AddAttribute((ushort)StunAttributeType.Data, data);

    /// <summary>Appends ERROR-CODE (RFC 8489 §14.8).</summary>
    /// <param name="code">300 to 699.</param>
    /// <param name="reasonUtf8">The reason phrase, at most 763 bytes.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> is outside 300..699.</exception>
    /// <exception cref="ArgumentException">The reason is longer than 763 bytes.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddErrorCode(int code, scoped ReadOnlySpan<byte> reasonUtf8) => AddErrorCodeCore(StunAttributeType.ErrorCode, 0, code, reasonUtf8);

    /// <summary>Appends ERROR-CODE (RFC 8489 §14.8) with a UTF-8 reason.</summary>
    /// <param name="code">300 to 699.</param>
    /// <param name="reason">The reason phrase.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reason"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> is outside 300..699.</exception>
    /// <exception cref="ArgumentException">The reason is longer than 763 bytes.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddErrorCode(int code, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return AddErrorCodeCore(StunAttributeType.ErrorCode, 0, code, Encoding.UTF8.GetBytes(reason));
    }

    /// <summary>Appends ADDRESS-ERROR-CODE (RFC 8656 §18.12).</summary>
    /// <param name="family">The family the error is about.</param>
    /// <param name="code">300 to 699.</param>
    /// <param name="reasonUtf8">The reason phrase, at most 763 bytes.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> is outside 300..699.</exception>
    /// <exception cref="ArgumentException">The reason is longer than 763 bytes.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddAddressErrorCode(StunAddressFamily family, int code, scoped ReadOnlySpan<byte> reasonUtf8) =>
        AddErrorCodeCore(StunAttributeType.AddressErrorCode, (byte)family, code, reasonUtf8);

    /// <summary>Appends UNKNOWN-ATTRIBUTES (RFC 8489 §14.13).</summary>
    /// <param name="types">The unknown types (see <see cref="StunMessageReader.GetUnknownComprehensionRequired"/>).</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentException">More than 128 types.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddUnknownAttributes(scoped ReadOnlySpan<ushort> types)
    {
        if (types.Length * 2 > StunConstants.MaxListLength)
        {
            throw new ArgumentException("Too many attribute types.", nameof(types));
        }

        if (!TryReserve((ushort)StunAttributeType.UnknownAttributes, types.Length * 2, Stage.Attributes, out var value))
        {
            return false;
        }

        for (var i = 0; i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value[(i * 2)..], types[i]);
        }

        return true;
    }

    /// <summary>Appends PASSWORD-ALGORITHMS (RFC 8489 §14.11) with parameter-less entries.</summary>
    /// <param name="algorithms">The algorithms in preference order.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentException">The list is empty or longer than 64 entries.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddPasswordAlgorithms(scoped ReadOnlySpan<StunPasswordAlgorithm> algorithms)
    {
        if (algorithms.IsEmpty || algorithms.Length * 4 > StunConstants.MaxListLength)
        {
            throw new ArgumentException("PASSWORD-ALGORITHMS needs 1 to 64 entries.", nameof(algorithms));
        }

        if (!TryReserve((ushort)StunAttributeType.PasswordAlgorithms, algorithms.Length * 4, Stage.Attributes, out var value))
        {
            return false;
        }

        for (var i = 0; i < algorithms.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value[(i * 4)..], (ushort)algorithms[i]);
            BinaryPrimitives.WriteUInt16BigEndian(value[((i * 4) + 2)..], 0);
        }

        return true;
    }

    /// <summary>Appends PASSWORD-ALGORITHM (RFC 8489 §14.12) without parameters.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddPasswordAlgorithm(StunPasswordAlgorithm algorithm) =>
        AddUInt32(StunAttributeType.PasswordAlgorithm, (uint)(ushort)algorithm << 16);

    /// <summary>Appends PRIORITY (RFC 8445 §16.1).</summary>
    /// <param name="priority">The candidate priority.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddPriority(uint priority) => AddUInt32(StunAttributeType.Priority, priority);

    /// <summary>Appends USE-CANDIDATE (RFC 8445 §16.1).</summary>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddUseCandidate() => AddAttribute((ushort)StunAttributeType.UseCandidate, default);

    /// <summary>Appends ICE-CONTROLLED (RFC 8445 §16.1).</summary>
    /// <param name="tieBreaker">The tie-breaker.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddIceControlled(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlled, tieBreaker);

    /// <summary>Appends ICE-CONTROLLING (RFC 8445 §16.1).</summary>
    /// <param name="tieBreaker">The tie-breaker.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddIceControlling(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlling, tieBreaker);

    /// <summary>Appends CHANNEL-NUMBER (RFC 8656 §18.1); RFFU is zero.</summary>
    /// <param name="channel">The channel number.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddChannelNumber(ushort channel) => AddUInt32(StunAttributeType.ChannelNumber, (uint)channel << 16);

    /// <summary>Appends LIFETIME (RFC 8656 §18.2).</summary>
    /// <param name="seconds">The lifetime in seconds.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddLifetime(uint seconds) => AddUInt32(StunAttributeType.Lifetime, seconds);

    /// <summary>Appends EVEN-PORT (RFC 8656 §18.7).</summary>
    /// <param name="reserveNextPort">The R bit.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddEvenPort(bool reserveNextPort)
    {
        ReadOnlySpan<byte> value = [reserveNextPort ? (byte)0x80 : (byte)0];
        return AddAttribute((ushort)StunAttributeType.EvenPort, value);
    }

    /// <summary>Appends REQUESTED-TRANSPORT (RFC 8656 §18.8).</summary>
    /// <param name="protocol">The IP protocol number (17 = UDP, 6 = TCP).</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddRequestedTransport(byte protocol) => AddUInt32(StunAttributeType.RequestedTransport, (uint)protocol << 24);

    /// <summary>Appends DONT-FRAGMENT (RFC 8656 §18.9).</summary>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddDontFragment() => AddAttribute((ushort)StunAttributeType.DontFragment, default);

    /// <summary>Appends RESERVATION-TOKEN (RFC 8656 §18.10).</summary>
    /// <param name="token">The token.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddReservationToken(ulong token) => AddUInt64(StunAttributeType.ReservationToken, token);

    /// <summary>Appends REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.6).</summary>
    /// <param name="family">The family.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddRequestedAddressFamily(StunAddressFamily family) => AddUInt32(StunAttributeType.RequestedAddressFamily, (uint)family << 24);

    /// <summary>Appends ADDITIONAL-ADDRESS-FAMILY (RFC 8656 §18.11).</summary>
    /// <param name="family">The family (RFC 8656 allows only IPv6).</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddAdditionalAddressFamily(StunAddressFamily family) => AddUInt32(StunAttributeType.AdditionalAddressFamily, (uint)family << 24);

    /// <summary>Appends ICMP (RFC 8656 §18.13): 16 reserved bits, a 7-bit ICMP type, a 9-bit ICMP code, 32 bits of error data.</summary>
    /// <param name="icmpType">The ICMP type, 0..127.</param>
    /// <param name="icmpCode">The ICMP code, 0..511.</param>
    /// <param name="errorData">The error data.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The type or code does not fit its field.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddIcmp(byte icmpType, ushort icmpCode, uint errorData)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(icmpType, (byte)127);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(icmpCode, (ushort)511);
        return AddUInt64(StunAttributeType.Icmp, ((ulong)((icmpType << 9) | icmpCode) << 32) | errorData);
    }

    /// <summary>Appends CONNECTION-ID (RFC 6062 §6.2.1).</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddConnectionId(uint connectionId) => AddUInt32(StunAttributeType.ConnectionId, connectionId);

    private bool AddText(StunAttributeType type, string text, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        var byteCount = Encoding.UTF8.GetByteCount(text);
        if (byteCount > maxBytes)
        {
            throw new ArgumentException($"The value is {byteCount} bytes of UTF-8; at most {maxBytes} are allowed.", nameof(text));
        }

        if (!TryReserve((ushort)type, byteCount, Stage.Attributes, out var value))
        {
            return false;
        }

        Encoding.UTF8.GetBytes(text, value);
        return true;
    }

    private bool AddLimited(StunAttributeType type, scoped ReadOnlySpan<byte> value, int maxBytes)
    {
        if (value.Length > maxBytes)
        {
            throw new ArgumentException($"The value is {value.Length} bytes; at most {maxBytes} are allowed.", nameof(value));
        }

        return AddAttribute((ushort)type, value);
    }

    private bool AddErrorCodeCore(StunAttributeType type, byte firstByte, int code, scoped ReadOnlySpan<byte> reason)
    {
        // RFC 8489 §14.8: the class is 3 to 6 and the number 0 to 99.
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 300);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 699);
        if (reason.Length > StunConstants.MaxTextLength)
        {
            throw new ArgumentException("The reason phrase is limited to 763 bytes.", nameof(reason));
        }

        if (!TryReserve((ushort)type, 4 + reason.Length, Stage.Attributes, out var value))
        {
            return false;
        }

        value[0] = firstByte;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        reason.CopyTo(value[4..]);
        return true;
    }

    private bool AddUInt32(StunAttributeType type, uint number)
    {
        if (!TryReserve((ushort)type, 4, Stage.Attributes, out var value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(value, number);
        return true;
    }

    private bool AddUInt64(StunAttributeType type, ulong number)
    {
        if (!TryReserve((ushort)type, 8, Stage.Attributes, out var value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt64BigEndian(value, number);
        return true;
    }
}
