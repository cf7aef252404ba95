using UcStack.Stun;

namespace UcStack.Turn.Server;

internal sealed partial class TurnServerEngine
{
    private StunMessageWriter BeginResponse(StunMessageReader request, StunMessageClass messageClass) =>
        BeginResponse(request.Method, request.TransactionId, messageClass);

    private StunMessageWriter BeginResponse(StunMethod method, ReadOnlySpan<byte> transactionId, StunMessageClass messageClass)
    {
        var writer = new StunMessageWriter(_sendBuffer, new StunMessageType(messageClass, method), transactionId);
        if (_software is not null)
        {
            writer.AddSoftware(_software);
        }

        return writer;
    }

    /// <summary>
    /// Adds MESSAGE-INTEGRITY of the same kind the request used when it authenticated (RFC 8489 §9.2.4: responses
    /// to authenticated requests are protected with the same key), FINGERPRINT when the request had one, and sends.
    /// </summary>
    private void FinishAndSend(ref StunMessageWriter writer, ITurnClientLink link, StunMessageReader request, RequestAuth auth) =>
        FinishAndSend(ref writer, link, auth, request.Contains(StunAttributeType.Fingerprint));

    private void FinishAndSend(ref StunMessageWriter writer, ITurnClientLink link, RequestAuth auth, bool fingerprint)
    {
        if (auth.Key is not null)
        {
            if (auth.Sha256)
            {
                writer.AddMessageIntegritySha256(auth.Key);
            }
            else
            {
                writer.AddMessageIntegrity(auth.Key);
            }
        }

        if (fingerprint)
        {
            writer.AddFingerprint();
        }

        if (!writer.TryComplete(out var length))
        {
            _metrics.Dropped("response-too-large");
            return;
        }

        if (!link.Send(_sendBuffer.AsSpan(0, length)))
        {
            _metrics.Dropped("client-send");
        }
    }

    private void SendError(ITurnClientLink link, StunMessageReader request, RequestAuth? auth, int code, string reason)
    {
        Log.ErrorResponse(_logger, request.Method.ToString(), code, link.Tuple.Client.ToString());
        var writer = BeginResponse(request, StunMessageClass.ErrorResponse);
        writer.AddErrorCode(code, reason);
        FinishAndSend(ref writer, link, request, auth ?? default);
    }

    /// <summary>401 or 438 with REALM and a fresh NONCE (RFC 8489 §9.2.4), without integrity.</summary>
    private void SendChallenge(ITurnClientLink link, StunMessageReader request, int code, string reason)
    {
        var writer = BeginResponse(request, StunMessageClass.ErrorResponse);
        writer.AddErrorCode(code, reason);
        writer.AddRealm(_options.Realm);
        writer.AddNonce(_nonces.Create());
        FinishAndSend(ref writer, link, request, default);
    }
}
