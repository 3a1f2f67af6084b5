using System.Globalization;

namespace PoolDash.XapiEmulator.Rpc;

/// <summary>
/// The values that travel: string (also refs and enums), long (XAPI's int), <see cref="Int32Value"/>, double, bool,
/// <see cref="DateTimeOffset"/>, sets as lists and maps as string-keyed dictionaries. Both codecs read and write
/// exactly these; the API reads its parameters through the helpers here.
/// </summary>
internal static class XapiValues
{
    /// <summary>XAPI's datetime on the wire: <c>20240315T10:20:30Z</c>.</summary>
    public static string DateTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string String(IReadOnlyList<object?> args, int index, string method) =>
        args[index] switch
        {
            string s => s,
            long l => l.ToString(CultureInfo.InvariantCulture),
            _ => throw new XapiFault("FIELD_TYPE_ERROR", ParameterName(method, index)),
        };

    /// <summary>A float parameter: XAPI takes an int, a float or a decimal string.</summary>
    public static double Double(IReadOnlyList<object?> args, int index, string method) =>
        args[index] switch
        {
            double d => d,
            long l => l,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => throw new XapiFault("FIELD_TYPE_ERROR", ParameterName(method, index)),
        };

    public static IReadOnlyList<string> Strings(IReadOnlyList<object?> args, int index, string method) =>
        args[index] is IReadOnlyList<object?> list && list.All(v => v is string)
            ? [.. list.Cast<string>()]
            : throw new XapiFault("FIELD_TYPE_ERROR", ParameterName(method, index));

    /// <summary>A deep copy, so that a record handed out can be serialized while the database moves on.</summary>
    public static object? Copy(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => map.ToDictionary(p => p.Key, p => Copy(p.Value)),
        IReadOnlyList<object?> list => list.Select(Copy).ToList(),
        _ => value,
    };

    private static string ParameterName(string method, int index) => $"{method} parameter {index}";
}
