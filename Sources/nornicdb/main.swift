print("nornicdb")
