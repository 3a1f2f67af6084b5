using System.Net;
using System.Net.Sockets;

namespace PoolDash.Web.Tests.TestSupport;

/// <summary>Loopback ports for servers the tests start (and for addresses where nothing listens).</summary>
internal static class Ports
{
    /// <summary>A port the OS just gave and took back: free now, and nothing listens on it.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
