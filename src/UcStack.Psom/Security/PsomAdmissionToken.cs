using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Security.Cryptography;

namespace UcStack.Psom;

/// <summary>
/// An admission token: conference id, user, role, expiry and a random nonce, signed with HMAC-SHA256 under
/// the key the focus and the Psom server share. Layout (docs/psom-protocol.md §2):
/// <c>u8 format(=1) | u16 claims length | claims (deterministic CBOR map) | 32-byte HMAC over everything before it</c>.
/// </summary>
public sealed record PsomAdmissionToken
{
    /// <summary>The token format byte.</summary>
    public const byte Format = 1;

    private const int MacLength = 32;
    private const int NonceLength = 16;

    /// <summary>The conference the holder may join.</summary>
    public required string ConferenceId { get; init; }

    /// <summary>The user admitted.</summary>
    public required string User { get; init; }

    /// <summary>The role granted.</summary>
    public required PsomRole Role { get; init; }

    /// <summary>When the token stops being accepted (millisecond precision).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>16 random bytes making each token unique.</summary>
    public required ReadOnlyMemory<byte> Nonce { get; init; }

    /// <summary>Issues a signed token valid for <paramref name="lifetime"/> from now.</summary>
    /// <param name="key">The shared key.</param>
    /// <param name="conferenceId">The conference.</param>
    /// <param name="user">The user.</param>
    /// <param name="role">The role.</param>
    /// <param name="lifetime">How long it stays valid.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <returns>The token bytes to hand to the client.</returns>
    /// <exception cref="ArgumentException">An identity is empty or too long, or the lifetime is not positive.</exception>
    public static byte[] Issue(PsomAdmissionKey key, string conferenceId, string user, PsomRole role, TimeSpan lifetime, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(conferenceId);
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        if (role is not (PsomRole.Attendee or PsomRole.Presenter))
        {
            throw new ArgumentOutOfRangeException(nameof(role));
        }

        var nonce = new byte[NonceLength];
        RandomNumberGenerator.Fill(nonce);
        var expires = (timeProvider ?? TimeProvider.System).GetUtcNow() + lifetime;

        var writer = new CborWriter(CborConformanceMode.Canonical, convertIndefiniteLengthEncodings: true);
        writer.WriteStartMap(5);
        writer.WriteInt32(0);
        writer.WriteTextString(conferenceId);
        writer.WriteInt32(1);
        writer.WriteTextString(user);
        writer.WriteInt32(2);
        writer.WriteInt32((int)role);
        writer.WriteInt32(3);
        writer.WriteInt64(expires.ToUnixTimeMilliseconds());
        writer.WriteInt32(4);
        writer.WriteByteString(nonce);
        writer.WriteEndMap();

        var token = new byte[3 + writer.BytesWritten + MacLength];
        if (token.Length > PsomWireLimits.MaxTokenBytes)
        {
            throw new ArgumentException("Conference id and user are too long for a token.", nameof(user));
        }

        token[0] = Format;
        BinaryPrimitives.WriteUInt16BigEndian(token.AsSpan(1), (ushort)writer.BytesWritten);
        writer.Encode(token.AsSpan(3));
        key.ComputeMac(token.AsSpan(0, token.Length - MacLength), token.AsSpan(token.Length - MacLength));
        return token;
    }

    /// <summary>
    /// Verifies a token: format, HMAC (constant-time), expiry, then that it names the expected conference,
    /// user and role. Claims are only trusted after the HMAC checks out.
    /// </summary>
    /// <param name="key">The shared key.</param>
    /// <param name="token">The token bytes.</param>
    /// <param name="conferenceId">The conference the session asks to join.</param>
    /// <param name="user">The user the session claims.</param>
    /// <param name="role">The role the session claims.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="verified">The claims when valid.</param>
    /// <returns><see cref="PsomAdmissionError.None"/> or why the token was refused.</returns>
    public static PsomAdmissionError Verify(
        PsomAdmissionKey key,
        ReadOnlySpan<byte> token,
        string conferenceId,
        string user,
        PsomRole role,
        TimeProvider? timeProvider,
        out PsomAdmissionToken? verified)
    {
        ArgumentNullException.ThrowIfNull(key);
        verified = null;
        if (token.Length < 3 + 1 + MacLength || token.Length > PsomWireLimits.MaxTokenBytes || token[0] != Format)
        {
            return PsomAdmissionError.Malformed;
        }

        var claimsLength = BinaryPrimitives.ReadUInt16BigEndian(token[1..]);
        if (3 + claimsLength + MacLength != token.Length)
        {
            return PsomAdmissionError.Malformed;
        }

        Span<byte> expected = stackalloc byte[MacLength];
        key.ComputeMac(token[..^MacLength], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, token[^MacLength..]))
        {
            return PsomAdmissionError.BadSignature;
        }

        var claims = TryReadClaims(token.Slice(3, claimsLength).ToArray());
        if (claims is null)
        {
            return PsomAdmissionError.Malformed;
        }

        if ((timeProvider ?? TimeProvider.System).GetUtcNow() >= claims.ExpiresAt)
        {
            return PsomAdmissionError.Expired;
        }

        if (!string.Equals(claims.ConferenceId, conferenceId, StringComparison.Ordinal))
        {
            return PsomAdmissionError.WrongConference;
        }

        if (!string.Equals(claims.User, user, StringComparison.Ordinal))
        {
            return PsomAdmissionError.WrongUser;
        }

        if (claims.Role != role)
        {
            return PsomAdmissionError.WrongRole;
        }

        verified = claims;
        return PsomAdmissionError.None;
    }

    private static PsomAdmissionToken? TryReadClaims(byte[] claims)
    {
        try
        {
            var reader = new CborReader(claims, CborConformanceMode.Canonical);
            string? conference = null, user = null;
            long? role = null, expires = null;
            byte[]? nonce = null;
            var count = reader.ReadStartMap();
            for (var i = 0; i < count; i++)
            {
                switch (reader.ReadUInt32())
                {
                    case 0: conference = reader.ReadTextString(); break;
                    case 1: user = reader.ReadTextString(); break;
                    case 2: role = reader.ReadInt64(); break;
                    case 3: expires = reader.ReadInt64(); break;
                    case 4: nonce = reader.ReadByteString(); break;
                    default: reader.SkipValue(); break;
                }
            }

            reader.ReadEndMap();
            if (reader.BytesRemaining != 0 || conference is null || user is null || role is not (1 or 2)
                || expires is not { } ms || ms < 0 || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() || nonce is not { Length: NonceLength })
            {
                return null;
            }

            return new PsomAdmissionToken
            {
                ConferenceId = conference,
                User = user,
                Role = (PsomRole)role.Value,
                ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(ms),
                Nonce = nonce,
            };
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException)
        {
            return null;
        }
    }
}
