namespace Vrsky.Redis;

/// <summary>A sorted-set member and its score.</summary>
public readonly record struct RedisSortedSetEntry(string Member, double Score);
