namespace UcStack.Tls.Tests.Support;

/// <summary>Runs both ends of a handshake over a loopback pair and collects each side's outcome.</summary>
internal static class Handshake
{
    public static async Task<(Task<TlsConnection> Client, Task<TlsConnection> Server)> RunAsync(
        LoopbackPair pair,
        TlsClientOptions clientOptions,
        TlsServerOptions serverOptions,
        TlsConnector? connector = null,
        TlsAcceptor? acceptor = null)
    {
        connector ??= new TlsConnector();
        acceptor ??= new TlsAcceptor();
        var server = acceptor.AcceptAsync(pair.ServerStream, serverOptions).AsTask();
        var client = connector.ConnectAsync(pair.ClientStream, clientOptions).AsTask();
        try
        {
            await Task.WhenAll(client, server).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception)
        {
            // Either side may fail; the caller inspects each task.
        }

        return (client, server);
    }
}
