using System.Net.Sockets;

namespace UcStack.Turn.Server;

/// <summary>Sizes the kernel buffers of the server's UDP sockets, best effort.</summary>
internal static class UdpSocketBuffers
{
    /// <summary>Requests <paramref name="size"/> bytes for the receive and send buffers of <paramref name="socket"/>
    /// (0 leaves the OS default) and returns the sizes the OS granted.</summary>
    /// <remarks>The OS may clamp the request (Linux caps it at net.core.rmem_max/wmem_max and reports twice the
    /// value it keeps); a refusal is not fatal, the socket then keeps its default buffers.</remarks>
    public static (int Receive, int Send) Apply(Socket socket, int size)
    {
        if (size > 0)
        {
            try
            {
                socket.ReceiveBufferSize = size;
                socket.SendBufferSize = size;
            }
            catch (SocketException)
            {
                // Best effort: a platform that refuses the size leaves the defaults, which still work.
            }
        }

        return (socket.ReceiveBufferSize, socket.SendBufferSize);
    }
}
