var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("controlplanedb");
var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
