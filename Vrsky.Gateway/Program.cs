var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("chat");
builder.AddRabbitMQConnection("rabbitmq");
builder.AddRedisClient("redis");
var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
