using System.Text.Json;

namespace PoolDash.Domain.Tests;

/// <summary>Compares read models by value, lists and dictionaries included, through their JSON form.</summary>
internal sealed class ViewComparer<T> : IEqualityComparer<T>
{
    public static string Json(object? value) => JsonSerializer.Serialize(value);

    public bool Equals(T? x, T? y) => Json(x) == Json(y);

    public int GetHashCode(T obj) => Json(obj).GetHashCode(StringComparison.Ordinal);
}
