def test_home_page_lists_districts(client, shinan, laoshan):
    response = client.get("/")
    assert response.status_code == 200
    assert "市南区" in response.text and "崂山区" in response.text
