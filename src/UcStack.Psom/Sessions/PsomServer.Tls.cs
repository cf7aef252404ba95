using System.IO.Pipelines;
using System.Net.Sockets;
using UcStack.Tls;

namespace UcStack.Psom;

public sealed partial class PsomServer
{
    /// <summary>Secures <paramref name="innerStream"/> with TLS (UcStack.Tls) and runs one session over it.</summary>
    /// <param name="innerStream">The accepted TCP stream; disposed when the session ends.</param>
    /// <param name="tlsOptions">Server certificate and client-certificate policy.</param>
    /// <param name="cancellationToken">Ends the handshake or session.</param>
    /// <returns>Why the session ended.</returns>
    /// <exception cref="TlsHandshakeException">The TLS handshake failed.</exception>
    public async Task<PsomCloseReason> RunTlsSessionAsync(Stream innerStream, TlsServerOptions tlsOptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(innerStream);
        ArgumentNullException.ThrowIfNull(tlsOptions);
        var tls = await new TlsAcceptor(null, Options.TimeProvider).AcceptAsync(innerStream, tlsOptions, cancellationToken).ConfigureAwait(false);
        await using (tls.ConfigureAwait(false))
        {
            var pipe = new StreamDuplexPipe(tls.Stream);
            return await RunSessionAsync(pipe, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Accepts TCP connections on <paramref name="listener"/> until cancelled, running a TLS session for
    /// each. Handshake failures end only that connection.
    /// </summary>
    /// <param name="listener">A started listener the caller owns.</param>
    /// <param name="tlsOptions">Server TLS settings.</param>
    /// <param name="cancellationToken">Stops accepting and ends the sessions.</param>
    /// <returns>Completes when cancelled and every session has ended.</returns>
    public async Task ServeAsync(TcpListener listener, TlsServerOptions tlsOptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(tlsOptions);
        var running = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                running.RemoveAll(t => t.IsCompleted);
                running.Add(RunAcceptedAsync(client, tlsOptions, cancellationToken));
            }
        }
        finally
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    private async Task RunAcceptedAsync(TcpClient client, TlsServerOptions tlsOptions, CancellationToken cancellationToken)
    {
        using (client)
        {
            try
            {
                client.NoDelay = true;
                await RunTlsSessionAsync(client.GetStream(), tlsOptions, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TlsHandshakeException or IOException or OperationCanceledException or SocketException)
            {
                PsomServerLog.HandshakeFailed(Logger, e);
            }
        }
    }
}

/// <summary>A duplex pipe over a stream that the pipe does not close (the TLS connection's owner does).</summary>
internal sealed class StreamDuplexPipe : IDuplexPipe
{
    public StreamDuplexPipe(Stream stream)
    {
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }
}
