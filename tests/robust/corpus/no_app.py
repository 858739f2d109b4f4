import cove

print('hello')
