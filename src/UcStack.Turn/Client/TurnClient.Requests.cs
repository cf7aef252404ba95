using System.Buffers;
using System.Text;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Client;

public sealed partial class TurnClient
{
    // Requests carry at most a few addresses and the credentials; 2 KiB leaves ample room.
    private const int MaxRequestLength = 2048;

    // Bounds the challenge retries: one 401 to learn realm and nonce, then stale nonces (438).
    private const int MaxAuthenticationRounds = 4;

    private readonly List<StunIntegrityKey> _retiredKeys = [];
    private StunIntegrityKey? _key;
    private string? _realm;
    private byte[]? _nonce;

    private delegate void AttributeWriter<in TState>(ref StunMessageWriter writer, TState state);

    /// <summary>
    /// Sends a request and answers the long-term challenge: RFC 8489 §9.2.3-§9.2.5, a 401 carrying REALM
    /// and NONCE is retried with USERNAME, REALM, NONCE and MESSAGE-INTEGRITY; a 438 with the new NONCE.
    /// </summary>
    private async Task<byte[]> RequestAsync<TState>(StunMethod method, TState state, AttributeWriter<TState> addAttributes, CancellationToken cancellationToken)
    {
        for (var round = 0; ; round++)
        {
            var request = BuildRequest(method, state, addAttributes, out var responseKey);
            var sentWithCredentials = responseKey is not null;
            var response = await TransactAsync(request, method, responseKey, cancellationToken).ConfigureAwait(false);
            if (!TryReadError(response, out var code, out var reason, out var realm, out var nonce))
            {
                return response;
            }

            var canRetry = round + 1 < MaxAuthenticationRounds && nonce is not null;
            if (code == (int)TurnErrorCode.Unauthenticated && canRetry && realm is not null && !sentWithCredentials)
            {
                SetCredentials(realm, nonce!);
                continue;
            }

            if (code == (int)TurnErrorCode.StaleNonce && canRetry && sentWithCredentials)
            {
                Log.Retrying(_logger, method, code);
                SetNonce(realm, nonce!);
                continue;
            }

            throw new TurnException($"TURN {method} failed: {code} {reason}", code, reason);
        }
    }

    private byte[] BuildRequest<TState>(StunMethod method, TState state, AttributeWriter<TState> addAttributes, out StunIntegrityKey? key)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxRequestLength);
        try
        {
            Span<byte> transactionId = stackalloc byte[12];
            StunMessageWriter.GenerateTransactionId(transactionId);
            var writer = new StunMessageWriter(buffer.AsSpan(0, MaxRequestLength), new StunMessageType(StunMessageClass.Request, method), transactionId);
            addAttributes(ref writer, state);
            key = AddCredentials(ref writer);
            writer.AddFingerprint();
            return writer.WrittenSpan[..writer.Complete()].ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Adds SOFTWARE and, once the realm is known, the long-term credential attributes and
    /// MESSAGE-INTEGRITY; returns the key used, which the response must verify with.
    /// </summary>
    private StunIntegrityKey? AddCredentials(ref StunMessageWriter writer)
    {
        if (_options.Software is { } software)
        {
            writer.AddSoftware(software);
        }

        lock (_lock)
        {
            if (_key is null || _realm is null || _nonce is null)
            {
                return null;
            }

            // RFC 8489 §9.2.4: USERNAME, REALM, NONCE, then MESSAGE-INTEGRITY over everything before it.
            writer.AddUsername(_options.Username);
            writer.AddRealm(_realm);
            writer.AddNonce(_nonce);
            writer.AddMessageIntegrity(_key);
            return _key;
        }
    }

    private void SetCredentials(string realm, byte[] nonce)
    {
        var key = StunIntegrityKey.ForLongTerm(_options.Username, realm, _options.Password, StunPasswordAlgorithm.Md5, _options.PasswordProfile);
        lock (_lock)
        {
            RetireKeyLocked();
            _key = key;
            _realm = realm;
            _nonce = nonce;
        }
    }

    private void SetNonce(string? realm, byte[] nonce)
    {
        lock (_lock)
        {
            if (realm is not null && realm != _realm)
            {
                // The realm changed with the nonce: the key depends on it.
                RetireKeyLocked();
                _key = StunIntegrityKey.ForLongTerm(_options.Username, realm, _options.Password, StunPasswordAlgorithm.Md5, _options.PasswordProfile);
                _realm = realm;
            }

            _nonce = nonce;
        }
    }

    /// <summary>
    /// A replaced key may still be checking a response in flight, so it is kept and zeroed when the
    /// client is disposed; only a server that keeps changing its realm makes more than one.
    /// </summary>
    private void RetireKeyLocked()
    {
        if (_key is null)
        {
            return;
        }

        if (_retiredKeys.Count >= MaxAuthenticationRounds)
        {
            _retiredKeys[0].Dispose();
            _retiredKeys.RemoveAt(0);
        }

        _retiredKeys.Add(_key);
        _key = null;
    }

    private void DisposeKeysLocked()
    {
        _key?.Dispose();
        _key = null;
        foreach (var key in _retiredKeys)
        {
            key.Dispose();
        }

        _retiredKeys.Clear();
    }

    private static bool TryReadError(byte[] response, out int code, out string reason, out string? realm, out byte[]? nonce)
    {
        var reader = ParseResponse(response);
        realm = null;
        nonce = null;
        if (reader.Class != StunMessageClass.ErrorResponse)
        {
            code = 0;
            reason = string.Empty;
            return false;
        }

        if (!reader.TryGetErrorCode(out code, out var reasonBytes))
        {
            // RFC 8489 §6.3.4: an error response without ERROR-CODE is treated as a 500.
            code = (int)TurnErrorCode.ServerError;
        }

        reason = Encoding.UTF8.GetString(reasonBytes);
        if (reader.TryGetRealm(out var realmBytes))
        {
            realm = Encoding.UTF8.GetString(realmBytes);
        }

        if (reader.TryGetNonce(out var nonceBytes))
        {
            nonce = nonceBytes.ToArray();
        }

        return true;
    }

    /// <summary>
    /// One client transaction on the STUN transaction layer (RFC 8489 §6.2): over UDP the manager
    /// retransmits after RTO, 2 RTO, 4 RTO… for Rc sends, then waits Rm × RTO; over TCP it sends once and
    /// waits Ti. A request sent with credentials counts only a response whose MESSAGE-INTEGRITY verifies
    /// with our key (RFC 8489 §9.2.5), except 401 and 438, which carry the next realm and nonce.
    /// </summary>
    private async Task<byte[]> TransactAsync(byte[] request, StunMethod method, StunIntegrityKey? responseKey, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _connectionFailure) is { } failure)
        {
            throw failure;
        }

        try
        {
            var response = await _transactions.SendRequestAsync(request, _options.Server, responseKey, cancellationToken).ConfigureAwait(false);
            return response.Message.ToArray();
        }
        catch (StunTransactionException e)
        {
            // Keep the client's documented exceptions: a timeout is a TimeoutException, a broken
            // connection an IOException, anything else about the response a TurnException.
            throw e.Failure switch
            {
                StunTransactionFailure.Timeout => new TimeoutException($"The TURN server did not answer the {method} request.", e),
                StunTransactionFailure.TransportError => new IOException($"The TURN {method} request failed on the connection: {e.Message}", e),
                _ => new TurnException($"TURN {method} failed: {e.Message}"),
            };
        }
    }

    private void OnResponse(ReadOnlySpan<byte> message, StunMessageReader reader)
    {
        if (!_transactions.TryHandleResponse(message, _options.Server))
        {
            Log.DroppedType(_logger, "response to no pending transaction, or not acceptable to it", reader.RawType);
        }
    }

    private static StunMessageReader ParseResponse(byte[] response)
    {
        // Responses were parsed once already by OnResponse (or checked by the caller), so this succeeds.
        var parsed = StunMessageReader.TryParse(response, out var reader, out _);
        System.Diagnostics.Debug.Assert(parsed, "responses are validated on receipt");
        return reader;
    }
}
