using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Client;

public sealed partial class TurnClient
{
    // Requests carry at most a few addresses and the credentials; 2 KiB leaves ample room.
    private const int MaxRequestLength = 2048;

    // RFC 8489 §6.2.1: after the last retransmission the client waits Rm = 16 times the initial RTO.
    private const int LastWaitMultiplier = 16;

    // Bounds the challenge retries: one 401 to learn realm and nonce, then stale nonces (438).
    private const int MaxAuthenticationRounds = 4;

    private readonly Dictionary<UInt128, TaskCompletionSource<byte[]>> _pending = [];
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
            var request = BuildRequest(method, state, addAttributes, out var sentWithCredentials);
            var response = await TransactAsync(request, method, cancellationToken).ConfigureAwait(false);
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

    private byte[] BuildRequest<TState>(StunMethod method, TState state, AttributeWriter<TState> addAttributes, out bool withCredentials)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxRequestLength);
        try
        {
            Span<byte> transactionId = stackalloc byte[12];
            StunMessageWriter.GenerateTransactionId(transactionId);
            var writer = new StunMessageWriter(buffer.AsSpan(0, MaxRequestLength), new StunMessageType(StunMessageClass.Request, method), transactionId);
            addAttributes(ref writer, state);
            withCredentials = AddCredentials(ref writer);
            writer.AddFingerprint();
            return writer.WrittenSpan[..writer.Complete()].ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Adds SOFTWARE and, once the realm is known, the long-term credential attributes and MESSAGE-INTEGRITY.</summary>
    private bool AddCredentials(ref StunMessageWriter writer)
    {
        if (_options.Software is { } software)
        {
            writer.AddSoftware(software);
        }

        lock (_lock)
        {
            if (_key is null || _realm is null || _nonce is null)
            {
                return false;
            }

            // RFC 8489 §9.2.4: USERNAME, REALM, NONCE, then MESSAGE-INTEGRITY over everything before it.
            writer.AddUsername(_options.Username);
            writer.AddRealm(_realm);
            writer.AddNonce(_nonce);
            writer.AddMessageIntegrity(_key);
            return true;
        }
    }

    private void SetCredentials(string realm, byte[] nonce)
    {
        var key = StunIntegrityKey.ForLongTerm(_options.Username, realm, _options.Password, StunPasswordAlgorithm.Md5, _options.PasswordProfile);
        lock (_lock)
        {
            _key?.Dispose();
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
                _key?.Dispose();
                _key = StunIntegrityKey.ForLongTerm(_options.Username, realm, _options.Password, StunPasswordAlgorithm.Md5, _options.PasswordProfile);
                _realm = realm;
            }

            _nonce = nonce;
        }
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
    /// One client transaction (RFC 8489 §6.2): over UDP, retransmit after RTO, 2 RTO, 4 RTO… for Rc sends,
    /// then wait Rm × RTO; over TCP send once and wait Ti.
    /// </summary>
    private async Task<byte[]> TransactAsync(byte[] request, StunMethod method, CancellationToken cancellationToken)
    {
        var id = TransactionKey(request.AsSpan(8, 12));
        var pending = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (Volatile.Read(ref _connectionFailure) is { } failure)
            {
                throw failure;
            }

            _pending.Add(id, pending);
        }

        try
        {
            if (_connection.IsStream)
            {
                await _connection.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (await WaitAsync(pending.Task, _options.StreamTransactionTimeout, cancellationToken).ConfigureAwait(false))
                {
                    return await pending.Task.ConfigureAwait(false);
                }
            }
            else
            {
                var rto = _options.RetransmissionTimeout;
                for (var send = 1; send <= _options.MaxRetransmissions; send++)
                {
                    await _connection.SendAsync(request, cancellationToken).ConfigureAwait(false);
                    var wait = send == _options.MaxRetransmissions ? _options.RetransmissionTimeout * LastWaitMultiplier : rto;
                    if (await WaitAsync(pending.Task, wait, cancellationToken).ConfigureAwait(false))
                    {
                        return await pending.Task.ConfigureAwait(false);
                    }

                    rto *= 2;
                }
            }

            throw new TimeoutException($"The TURN server did not answer the {method} request.");
        }
        finally
        {
            lock (_lock)
            {
                _pending.Remove(id);
            }
        }
    }

    private async Task<bool> WaitAsync(Task<byte[]> response, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await response.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private void OnResponse(StunMessageReader reader)
    {
        var id = TransactionKey(reader.TransactionId);
        TaskCompletionSource<byte[]>? pending;
        lock (_lock)
        {
            if (!_pending.TryGetValue(id, out pending))
            {
                Log.DroppedType(_logger, "response to no pending transaction", reader.RawType);
                return;
            }

            // RFC 8489 §9.2.5: a response that carries MESSAGE-INTEGRITY must verify with our key;
            // otherwise it is discarded as if never received (the transaction may still get the real one).
            if (_key is not null && reader.Contains(StunAttributeType.MessageIntegrity)
                && reader.VerifyMessageIntegrity(_key) != StunVerification.Ok)
            {
                Log.DroppedType(_logger, "response with bad MESSAGE-INTEGRITY", reader.RawType);
                return;
            }
        }

        pending.TrySetResult(reader.Message.ToArray());
    }

    private void FailPending(Exception exception)
    {
        List<TaskCompletionSource<byte[]>> failed;
        lock (_lock)
        {
            failed = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var pending in failed)
        {
            pending.TrySetException(exception);
        }
    }

    private static UInt128 TransactionKey(ReadOnlySpan<byte> transactionId) =>
        new(BinaryPrimitives.ReadUInt32BigEndian(transactionId), BinaryPrimitives.ReadUInt64BigEndian(transactionId[4..]));

    private static StunMessageReader ParseResponse(byte[] response)
    {
        // Responses were parsed once already by OnResponse (or checked by the caller), so this succeeds.
        var parsed = StunMessageReader.TryParse(response, out var reader, out _);
        System.Diagnostics.Debug.Assert(parsed, "responses are validated on receipt");
        return reader;
    }
}
