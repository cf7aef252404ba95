using System.Net;

namespace UcStack.Stun;

/// <summary>
/// A response (success or error) that matched a client transaction. It owns a copy of the message, so it
/// outlives the receive buffer.
/// </summary>
public sealed class StunResponse
{
    private readonly byte[] _message;
    private readonly StunParseOptions _parseOptions;

    internal StunResponse(byte[] message, StunParseOptions parseOptions, IPEndPoint remoteEndPoint, StunMessageType type, int errorCode, string? errorReason, bool isAuthenticated)
    {
        _message = message;
        _parseOptions = parseOptions;
        RemoteEndPoint = remoteEndPoint;
        Type = type;
        ErrorCode = errorCode;
        ErrorReason = errorReason;
        IsAuthenticated = isAuthenticated;
    }

    /// <summary>The response's bytes as received.</summary>
    public ReadOnlyMemory<byte> Message => _message;

    /// <summary>Where the response came from.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>The response's class and method.</summary>
    public StunMessageType Type { get; }

    /// <summary>Whether this is a success response.</summary>
    public bool IsSuccess => Type.Class == StunMessageClass.SuccessResponse;

    /// <summary>The ERROR-CODE number of an error response (0 for a success response or an error response without one).</summary>
    public int ErrorCode { get; }

    /// <summary>The ERROR-CODE reason phrase, if any.</summary>
    public string? ErrorReason { get; }

    /// <summary>
    /// Whether MESSAGE-INTEGRITY (or -SHA256) was verified with the key given for the request. Only 401
    /// and 438 error responses are delivered unauthenticated when a key was given (RFC 8489 §9.2.5: they
    /// carry the new realm and nonce).
    /// </summary>
    public bool IsAuthenticated { get; }

    /// <summary>A reader over <see cref="Message"/> for the attributes.</summary>
    public StunMessageReader GetReader()
    {
        // The bytes parsed when the response was accepted and are immutable, so this cannot fail.
        return StunMessageReader.TryParse(_message, _parseOptions, out var reader, out var error)
            ? reader
            : throw new InvalidOperationException($"The stored response no longer parses: {error}.");
    }

    /// <summary>Returns this response if it is a success response.</summary>
    /// <exception cref="StunTransactionException">It is an error response (<see cref="StunTransactionFailure.ErrorResponse"/>).</exception>
    public StunResponse EnsureSuccess() => IsSuccess ? this : throw new StunTransactionException(this);
}
