using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace UcStack.Stun;

/// <summary>
/// The transport-independent part of the Binding server: one request in, at most one response out, written
/// into the caller's buffer. Allocation-free except the UTF-8 SOFTWARE bytes made once.
/// </summary>
internal sealed class StunBindingResponder
{
    /// <summary>Big enough for any response we write: address, SOFTWARE ≤ 763, UNKNOWN-ATTRIBUTES ≤ 256, integrity, fingerprint.</summary>
    public const int MaxResponseLength = 1536;

    private const int MaxUnknownReported = 64;

    private readonly byte[]? _software;
    private readonly StunShortTermCredentialLookup? _credentials;

    public StunBindingResponder(string? software, StunShortTermCredentialLookup? credentials)
    {
        _software = software is null ? null : Encoding.UTF8.GetBytes(software);
        _credentials = credentials;
    }

    /// <summary>Outcome of one request, for logs and metrics.</summary>
    public enum Outcome
    {
        /// <summary>Nothing is sent: not STUN, not a request, not Binding, or a bad FINGERPRINT (RFC 8489 §6.3).</summary>
        Discarded,
        Success,
        BadRequest,
        Unauthenticated,
        UnknownAttribute,
    }

    /// <summary>Answers <paramref name="request"/> from <paramref name="source"/>; returns the response length (0: send nothing).</summary>
    public int Respond(ReadOnlySpan<byte> request, IPEndPoint source, Span<byte> response, out Outcome outcome)
    {
        if (!StunMessageReader.TryParse(request, out var reader, out _))
        {
            // RFC 8489 §6.3.1 / §7.3.1: a request whose header is sound but whose attributes are malformed
            // can be answered; anything else is silently discarded (it may belong to another protocol).
            if (IsWellFramedBindingRequest(request))
            {
                outcome = Outcome.BadRequest;
                return WriteError(response, request.Slice(8, StunConstants.TransactionIdLength), 400, "Bad Request"u8, key: null, fingerprint: false, unknown: default, sha256: false);
            }

            outcome = Outcome.Discarded;
            return 0;
        }

        // RFC 8489 §6.3: indications get no response; responses are not ours (no client transactions here);
        // RFC 5389 §7.3: an unsupported method is silently discarded.
        if (reader.Class != StunMessageClass.Request || reader.Method != StunMethod.Binding)
        {
            outcome = Outcome.Discarded;
            return 0;
        }

        // RFC 8489 §7.3: with FINGERPRINT present, a wrong value means this is not a STUN message for us.
        var fingerprintCheck = reader.VerifyFingerprint();
        if (fingerprintCheck == StunVerification.Failed)
        {
            outcome = Outcome.Discarded;
            return 0;
        }

        var fingerprint = fingerprintCheck == StunVerification.Ok;
        var transactionId = reader.TransactionId;
        StunIntegrityKey? key = null;
        var sha256 = reader.Contains(StunAttributeType.MessageIntegritySha256);
        if (_credentials is not null)
        {
            // RFC 8489 §9.1.3: without integrity or USERNAME → 400; an unknown user or a wrong value → 401;
            // error responses from these checks carry no integrity.
            if (!(sha256 || reader.Contains(StunAttributeType.MessageIntegrity)) || !reader.TryGetUsername(out var username))
            {
                outcome = Outcome.BadRequest;
                return WriteError(response, transactionId, 400, "Bad Request"u8, key: null, fingerprint, unknown: default, sha256: false);
            }

            key = _credentials(username);
            var verified = key is not null
                && (sha256 ? reader.VerifyMessageIntegritySha256(key) : reader.VerifyMessageIntegrity(key)) == StunVerification.Ok;
            if (!verified)
            {
                outcome = Outcome.Unauthenticated;
                return WriteError(response, transactionId, 401, "Unauthenticated"u8, key: null, fingerprint, unknown: default, sha256: false);
            }
        }

        // RFC 8489 §6.3.1 (after authentication, RFC 5389 §7.3): unknown comprehension-required attributes
        // → 420 listing them in UNKNOWN-ATTRIBUTES.
        if (reader.UnknownComprehensionRequiredCount > 0)
        {
            Span<ushort> unknown = stackalloc ushort[MaxUnknownReported];
            var count = reader.GetUnknownComprehensionRequired(unknown);
            outcome = Outcome.UnknownAttribute;
            return WriteError(response, transactionId, 420, "Unknown Attribute"u8, key, fingerprint, unknown[..Math.Min(count, MaxUnknownReported)], sha256);
        }

        // RFC 8489 §7.3.1 (Binding): XOR-MAPPED-ADDRESS holds the request's source transport address.
        var writer = new StunMessageWriter(response, StunMessageType.BindingSuccessResponse, transactionId);
        writer.AddXorMappedAddress(StunEndPoint.FromIPEndPoint(source));
        outcome = Outcome.Success;
        return Finish(ref writer, key, fingerprint, sha256);
    }

    private int WriteError(Span<byte> response, ReadOnlySpan<byte> transactionId, int code, ReadOnlySpan<byte> reason, StunIntegrityKey? key, bool fingerprint, ReadOnlySpan<ushort> unknown, bool sha256)
    {
        var writer = new StunMessageWriter(response, StunMessageType.BindingErrorResponse, transactionId);
        writer.AddErrorCode(code, reason);
        if (!unknown.IsEmpty)
        {
            writer.AddUnknownAttributes(unknown);
        }

        return Finish(ref writer, key, fingerprint, sha256);
    }

    private int Finish(ref StunMessageWriter writer, StunIntegrityKey? key, bool fingerprint, bool sha256)
    {
        // RFC 8489 §6.3.1.1 SHOULD add SOFTWARE; §9.1.3: an authenticated request gets a response with
        // integrity under the same key (and algorithm); FINGERPRINT when the request used it.
        if (_software is not null)
        {
            writer.AddSoftware(_software);
        }

        if (key is not null)
        {
            if (sha256)
            {
                writer.AddMessageIntegritySha256(key);
            }
            else
            {
                writer.AddMessageIntegrity(key);
            }
        }

        if (fingerprint)
        {
            writer.AddFingerprint();
        }

        return writer.TryComplete(out var length) ? length : 0;
    }

    /// <summary>RFC 8489 §5 header rules hold and it is a Binding request, so a 400 can name its transaction.</summary>
    private static bool IsWellFramedBindingRequest(ReadOnlySpan<byte> message) =>
        message.Length >= StunConstants.HeaderLength
        && BinaryPrimitives.ReadUInt16BigEndian(message) == StunMessageType.BindingRequest.Value
        && BinaryPrimitives.ReadUInt16BigEndian(message[2..]) == message.Length - StunConstants.HeaderLength
        && (message.Length & 3) == 0
        && BinaryPrimitives.ReadUInt32BigEndian(message[4..]) == StunConstants.MagicCookie;
}
