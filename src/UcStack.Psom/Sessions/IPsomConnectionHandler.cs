namespace UcStack.Psom;

/// <summary>What a <see cref="PsomConnection"/> hands up: every message but keep-alive, results and Bye.</summary>
internal interface IPsomConnectionHandler
{
    /// <summary>Handles one message; called serially in frame order.</summary>
    ValueTask OnMessageAsync(PsomMessage message, CancellationToken cancellationToken);

    /// <summary>Runs an invocation the peer sent; the returned result is sent back.</summary>
    ValueTask<PsomResultMessage> OnInvokeAsync(PsomInvokeMessage invoke, CancellationToken cancellationToken);
}
