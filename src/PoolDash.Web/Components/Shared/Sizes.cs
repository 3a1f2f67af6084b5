using System.Globalization;

namespace PoolDash.Web.Components.Shared;

/// <summary>Sizes as people read them.</summary>
public static class Sizes
{
    /// <summary>Memory given in MiB (XAPI's unit here), in GiB from 1 GiB up ("240 GiB", "1.5 GiB"), else in MiB.</summary>
    public static string Memory(long mib) => mib >= 1024
        ? (mib / 1024d).ToString("0.#", CultureInfo.InvariantCulture) + " GiB"
        : mib.ToString(CultureInfo.InvariantCulture) + " MiB";
}
