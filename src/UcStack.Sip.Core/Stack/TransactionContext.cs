using System.Diagnostics;
using UcStack.Sip.Transactions;
using UcStack.Sip.Transport;

namespace UcStack.Sip.Stack;

/// <summary>Why a client transaction ended without a final response.</summary>
internal enum SipClientFailure
{
    /// <summary>Timer B or F (RFC 3261 §8.1.3.1: as if 408).</summary>
    Timeout,

    /// <summary>The transport could not send (RFC 3261 §8.1.3.1: as if 503).</summary>
    TransportError,

    /// <summary>The endpoint was disposed.</summary>
    Disposed,
}

/// <summary>The transaction user of a client transaction; every call comes from the endpoint's loop.</summary>
internal interface IClientTransactionUser
{
    /// <summary>A response for the transaction. Return <see langword="true"/> to keep the message (the user then
    /// owns it), <see langword="false"/> to let the endpoint dispose it after the call.</summary>
    bool OnResponse(TransactionContext context, SipResponse response);

    /// <summary>The transaction failed without a final response.</summary>
    void OnFailure(TransactionContext context, SipClientFailure failure);
}

/// <summary>What the endpoint keeps per transaction besides the machine itself. Used only on the loop.</summary>
internal sealed class TransactionContext(SipTransaction transaction, SipRequest request)
{
    public SipTransaction Transaction { get; } = transaction;

    /// <summary>The request; the endpoint owns it and disposes it when the transaction is gone.</summary>
    public SipRequest Request { get; } = request;

    /// <summary>Client: where requests go.</summary>
    public SipTransportTarget? Target { get; init; }

    /// <summary>Server: the flow the request came on. Client: the flow the request left on.</summary>
    public SipFlow? Flow { get; set; }

    public IClientTransactionUser? ClientUser { get; init; }

    public SipIncomingRequest? Incoming { get; set; }

    public Activity? Activity { get; set; }

    public int PendingSends { get; set; }

    public int Sends { get; set; }

    public SipMessage? LastSent { get; set; }

    public Exception? LastError { get; set; }

    /// <summary>Responses built for a server transaction; disposed with it.</summary>
    public List<SipResponse> OwnedResponses { get; } = [];

    public bool Terminated { get; set; }

    /// <summary>A new request was delivered and waits to be routed once its transaction has started.</summary>
    public bool RoutePending { get; set; }

    public bool Disposed { get; set; }

    /// <summary>A final response reached the user (so a late failure is not reported).</summary>
    public bool Finished { get; set; }
}
