using System.Buffers;
using System.Text;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Client;

public sealed partial class MsTurnClient
{
    // Requests carry one address, DATA only in Send requests (sized separately), and the credentials.
    private const int MaxRequestLength = 2048;

    // Bounds the challenge retries: one 401 to learn realm and nonce, then stale nonces (438).
    private const int MaxAuthenticationRounds = 4;

    private const int MsTransactionIdLength = 16;
    private const int MsConnectionIdLength = 20;

    // Over TCP the server drops MS-SEQUENCE-NUMBERs that do not move forward, so a numbered message is sent
    // before the next one is numbered.
    private readonly SemaphoreSlim _sequenceGate = new(1, 1);
    private readonly List<StunIntegrityKey> _retiredKeys = [];
    private StunIntegrityKey? _key;
    private string? _realm;
    private byte[]? _nonce;
    private long _nonceObtained = long.MaxValue;
    private byte[]? _connectionId;
    private uint _sequenceNumber;

    private delegate void AttributeWriter<in TState>(ref StunMessageWriter writer, TState state);

    /// <summary>
    /// Sends a request and answers the digest-style challenge: a 401 with REALM and NONCE is retried with
    /// USERNAME, REALM, NONCE and MESSAGE-INTEGRITY, a 438 with the new NONCE. With
    /// <paramref name="freshChallenge"/> the first attempt goes without credentials so the server hands out a
    /// new nonce.
    /// </summary>
    private async Task<byte[]> RequestAsync<TState>(ushort rawType, TState state, AttributeWriter<TState> addAttributes, bool freshChallenge, CancellationToken cancellationToken)
    {
        var withCredentials = !freshChallenge;
        for (var round = 0; ; round++)
        {
            var response = await TransactAsync(rawType, state, addAttributes, withCredentials, cancellationToken).ConfigureAwait(false);
            if (!TryReadError(response, out var code, out var reason, out var realm, out var nonce))
            {
                return response;
            }

            var canRetry = round + 1 < MaxAuthenticationRounds && nonce is not null;
            var sentWithCredentials = withCredentials && HasCredentials;
            if (code == (int)TurnErrorCode.Unauthenticated && canRetry && realm is not null && !sentWithCredentials)
            {
                SetCredentials(realm, nonce!);
                withCredentials = true;
                continue;
            }

            if (code == (int)TurnErrorCode.StaleNonce && canRetry && sentWithCredentials)
            {
                Log.Retrying(_logger, rawType, code);
                SetCredentials(realm ?? _realm!, nonce!);
                continue;
            }

            throw new TurnException($"MS-TURN request 0x{rawType:X4} failed: {code} {reason}", code, reason);
        }
    }

    private bool HasCredentials
    {
        get
        {
            lock (_lock)
            {
                return _key is not null;
            }
        }
    }

    /// <summary>
    /// One client transaction; over TCP the sequence gate is held until it ends, so no later-numbered message
    /// overtakes it. A request sent with credentials counts only a response whose integrity verifies.
    /// </summary>
    private async Task<byte[]> TransactAsync<TState>(ushort rawType, TState state, AttributeWriter<TState> addAttributes, bool withCredentials, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _connectionFailure) is { } failure)
        {
            throw failure;
        }

        var gated = _connection.IsStream;
        if (gated)
        {
            await _sequenceGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var request = BuildRequest(rawType, state, addAttributes, withCredentials, MaxRequestLength, out var responseKey);
            var response = await _transactions.SendRequestAsync(request, _options.Server, responseKey, cancellationToken).ConfigureAwait(false);
            return response.Message.ToArray();
        }
        catch (StunTransactionException e)
        {
            throw e.Failure switch
            {
                StunTransactionFailure.Timeout => new TimeoutException($"The MS-TURN server did not answer the 0x{rawType:X4} request.", e),
                StunTransactionFailure.TransportError => new IOException($"The MS-TURN 0x{rawType:X4} request failed on the connection: {e.Message}", e),
                _ => new TurnException($"MS-TURN request 0x{rawType:X4} failed: {e.Message}"),
            };
        }
        finally
        {
            if (gated)
            {
                _sequenceGate.Release();
            }
        }
    }

    /// <summary>
    /// Builds an MS-TURN request: MAGIC-COOKIE (written by the writer), the caller's attributes, MS-VERSION,
    /// MS-SEQUENCE-NUMBER once the server gave a connection id, then USERNAME, REALM, NONCE and the
    /// 64-byte-padded MESSAGE-INTEGRITY when credentials are known. The caller orders numbered messages.
    /// </summary>
    private byte[] BuildRequest<TState>(ushort rawType, TState state, AttributeWriter<TState> addAttributes, bool withCredentials, int maxLength, out StunIntegrityKey? key)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(maxLength);
        try
        {
            Span<byte> transactionId = stackalloc byte[MsTransactionIdLength];
            StunMessageWriter.GenerateTransactionId(transactionId);
            var writer = StunMessageWriter.CreateMsTurn(buffer.AsSpan(0, maxLength), rawType, transactionId);
            addAttributes(ref writer, state);
            writer.AddMsVersion(_options.MsVersion);
            key = null;
            lock (_lock)
            {
                if (_connectionId is not null)
                {
                    // MS-SEQUENCE-NUMBER: the server-given connection id and our counter, which only moves forward.
                    writer.AddMsSequenceNumber(_connectionId, ++_sequenceNumber);
                }

                if (withCredentials && _key is not null)
                {
                    // The digest: Microsoft clients leave REALM out of Send and Set Active Destination; we send it
                    // in every request as libnice does, which OCS edges (and our server) accept.
                    writer.AddUsername(_options.Username);
                    writer.AddRealm(_realm!);
                    writer.AddNonce(_nonce!);
                    writer.AddMessageIntegrity(_key);
                    key = _key;
                }
            }

            if (!writer.TryComplete(out var length))
            {
                throw new ArgumentException($"The MS-TURN request does not fit {maxLength} bytes.");
            }

            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Takes the connection id from a response's MS-SEQUENCE-NUMBER (the server may change it).</summary>
    private void TrackConnectionId(StunMessageReader response)
    {
        if (!response.TryGetMsSequenceNumber(out var connectionId, out _) || connectionId.Length != MsConnectionIdLength)
        {
            return;
        }

        lock (_lock)
        {
            if (_connectionId is null || !connectionId.SequenceEqual(_connectionId))
            {
                _connectionId = connectionId.ToArray();
            }
        }
    }

    private void SetCredentials(string realm, byte[] nonce)
    {
        lock (_lock)
        {
            if (_key is null || realm != _realm)
            {
                // The key depends on the realm: MD5(username:realm:password).
                RetireKeyLocked();
                _key = StunIntegrityKey.ForLongTerm(_options.Username, realm, _options.Password, StunPasswordAlgorithm.Md5, _options.PasswordProfile);
                _realm = realm;
            }

            _nonce = nonce;
            _nonceObtained = _time.GetTimestamp();
        }
    }

    /// <summary>A replaced key may still be checking a response in flight: keep it until disposal.</summary>
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

    private static StunMessageReader ParseResponse(byte[] response)
    {
        // The transaction layer parsed the response with the same options, so this succeeds.
        var parsed = StunMessageReader.TryParse(response, MsParseOptions, out var reader, out _);
        System.Diagnostics.Debug.Assert(parsed, "responses are validated on receipt");
        return reader;
    }
}
